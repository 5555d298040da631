// The packaged app flips Electron's fuses: no RunAsNode, no NODE_OPTIONS, no --inspect, cookie
// encryption on, ASAR integrity on, the app only from its ASAR. Checked against electron-builder's
// own schema, so a misspelt key (silently ignored by a YAML reader) fails here.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

it('electron-builder.yml sets every security fuse, with keys electron-builder knows', () => {
  const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown>; asar?: unknown };
  expect(config.electronFuses).toMatchObject({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  });
  expect(config.asar).toBe(true);
  const schema = require('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } } };
  const known = schema.definitions.FuseOptionsV1.properties;
  for (const [key, value] of Object.entries(config.electronFuses!)) {
    expect(known, `unknown fuse ${key}`).toHaveProperty(key);
    expect(typeof value).toBe(known[key].type);
  }
});
