#!/usr/bin/env node
// Entry for `npx seren-auth`: runs the compiled CLI (npm run build first).
import '../dist/electron/core/cli/main.js';
