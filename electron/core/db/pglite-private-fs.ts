// Imported first by the PGlite worker: from here on, every file this thread creates is private.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { keepCreatedFilesPrivate } from '../private-files.js';

keepCreatedFilesPrivate(fs);
// `import * as fs` namespaces (PGlite's NodeFS uses one) see the patched functions too.
syncBuiltinESMExports();
