// The process boundaries: electron/core never imports electron; the renderer and shared/ load
// only browser packages and no Node built-ins; no relative import reaches another process's
// folder. `npm run lint` enforces them on the tree; these tests show the rule catches each case.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'seren/process-boundaries').map((m) => m.message);
}

describe('process boundaries', () => {
  it('core may use Node and its own packages, but not electron or the renderer', async () => {
    expect(await problems('electron/core/x.ts', "import fs from 'node:fs'; import pg from 'pg'; import { a } from '../../shared/types.js';")).toEqual([]);
    expect(await problems('electron/core/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(await problems('electron/core/x.ts', "const m = await import('../../renderer/src/main.js');")).toHaveLength(1);
  });

  it('the renderer may use browser packages only', async () => {
    expect(await problems('renderer/src/x.ts', "import { create } from 'zustand'; import { EditorView } from '@codemirror/view'; import { a } from '../../shared/api.js';")).toEqual([]);
    const found = await problems('renderer/src/x.ts', "import pg from 'pg'; import fs from 'node:fs'; import { ipcRenderer } from 'electron'; export * from '../../electron/core/sleep.js';");
    expect(found).toHaveLength(4);
    expect(found[0]).toContain('"pg"');
  });

  it('shared/ imports neither Node nor electron, nor anything outside shared/', async () => {
    expect(await problems('shared/x.ts', "import { z } from 'zod';")).toEqual([]);
    expect(await problems('shared/x.ts', "import path from 'path'; const pg = require('pg'); import { x } from '../renderer/src/lib/format.js';")).toHaveLength(3);
  });

  it('the tree keeps them', async () => {
    const results = await eslint.lintFiles(['electron', 'renderer/src', 'shared']);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'seren/process-boundaries').map((m) => `${path.relative(root, r.filePath)}: ${m.message}`));
    expect(found).toEqual([]);
  });
});
