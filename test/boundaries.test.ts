// The process boundaries, as DEVELOPERS.md states them: electron/core never imports electron;
// renderer never imports Node modules; shared imports neither.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(c|m)?tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Every module specifier a file imports, statically or dynamically, or requires. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const specs = new Set<string>();
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of text.matchAll(re)) specs.add(m[1]);
  }
  return [...specs];
}

const nodeModules = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isNode = (spec: string) => spec.startsWith('node:') || nodeModules.has(spec.split('/')[0]);
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

function violations(dir: string, forbidden: (spec: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) => importsOf(file).filter(forbidden).map((spec) => `${file} imports ${spec}`));
}

describe('process boundaries', () => {
  it('electron/core never imports electron', () => {
    expect(sourceFiles('electron/core').length).toBeGreaterThan(10);
    expect(violations('electron/core', isElectron)).toEqual([]);
  });

  it('renderer never imports Node modules or electron', () => {
    expect(sourceFiles('renderer/src').length).toBeGreaterThan(5);
    expect(violations('renderer', (s) => isNode(s) || isElectron(s))).toEqual([]);
  });

  it('shared imports neither Node modules nor electron', () => {
    expect(violations('shared', (s) => isNode(s) || isElectron(s))).toEqual([]);
  });

  it('the checker sees a forbidden import when there is one', () => {
    // Guards the regexes: a file that does import node:fs must be reported.
    expect(importsOf('electron/core/app-paths.ts')).toContain('node:fs');
    expect(importsOf('electron/main.ts')).toContain('electron');
  });
});
