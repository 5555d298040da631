// The app's own settings, in <dataDir>/settings.json. Secrets are stored only sealed by the
// SecretStore, never in plain text.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AppSettings, HistoryEntry } from '../../../shared/types.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE, tightenTree } from '../private-files.js';

const HISTORY_LIMIT = 200;

/** The linked provider: its kind, non-secret fields in clear, each secret field sealed on its own. */
const linkedProviderSchema = z.object({
  kind: z.string(),
  demo: z.boolean().default(false),
  /** null: the provider's default (or the environment's override). */
  apiUrl: z.string().nullable().default(null),
  fields: z.record(z.string(), z.string()).default({}),
  sealedFields: z.record(z.string(), z.string()).default({}),
});
export type SavedProvider = z.infer<typeof linkedProviderSchema>;

// Files written before Stack Auth: Clerk's key sealed on its own, and the demo as a kind.
const legacyClerk = z
  .object({ kind: z.literal('clerk'), sealedKey: z.string(), apiUrl: z.string().nullable() })
  .transform((v): SavedProvider => ({ kind: 'clerk', demo: false, apiUrl: v.apiUrl, fields: {}, sealedFields: { secretKey: v.sealedKey } }));
const legacyDemo = z
  .object({ kind: z.literal('demo') })
  .transform((): SavedProvider => ({ kind: 'clerk', demo: true, apiUrl: null, fields: {}, sealedFields: {} }));

const fileSchema = z.object({
  database: z.object({ target: z.string().nullable(), sealedTarget: z.string().nullable() }).nullable().default(null),
  provider: z.union([legacyClerk, legacyDemo, linkedProviderSchema]).nullable().default(null),
  settings: z
    .object({
      deletionMode: z.enum(['soft', 'hard']).default('soft'),
      safeMode: z.boolean().nullable().default(null),
      maxResultRows: z.number().int().min(1).default(1000),
    })
    .default({ deletionMode: 'soft', safeMode: null, maxResultRows: 1000 }),
  history: z.array(z.object({ sql: z.string(), ranAt: z.string(), ok: z.boolean() })).default([]),
  // The console's tabs and saved queries live here, not in the browser: serve's port (and so the
  // page's origin and its localStorage) changes on every run.
  consoleTabs: z
    .object({ tabs: z.array(z.object({ id: z.string(), title: z.string(), sql: z.string(), savedQueryId: z.string().nullable().default(null) })), activeTabId: z.string().nullable() })
    .nullable()
    .default(null),
  savedQueries: z.array(z.object({ id: z.string(), name: z.string(), sql: z.string(), savedAt: z.string() })).default([]),
});

export type SettingsFileData = z.infer<typeof fileSchema>;
/** safeMode null = the default for the database kind (on for remote Postgres). */
export type StoredSettings = Omit<AppSettings, 'safeMode'> & { safeMode: boolean | null };

export class SettingsFile {
  /** Saves run one after another: two at once could lose one write or race on the rename. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private data: SettingsFileData,
  ) {}

  static async load(dataDir: string, name = 'settings.json'): Promise<SettingsFile> {
    const file = path.join(dataDir, name);
    // The app's data folder is the user's alone: created 0700, or tightened (with all it holds).
    await ensurePrivateDir(dataDir);
    await tightenTree(dataDir).catch(() => {});
    let raw: unknown = {};
    try {
      raw = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged file must not lock the user out: start fresh, keep the old one aside.
        await fs.rename(file, `${file}.damaged`).catch(() => {});
      }
    }
    const parsed = fileSchema.safeParse(raw);
    return new SettingsFile(file, parsed.success ? parsed.data : fileSchema.parse({}));
  }

  get(): SettingsFileData {
    return this.data;
  }

  async update(patch: Partial<SettingsFileData>): Promise<void> {
    this.data = { ...this.data, ...patch };
    await this.save();
  }

  async addHistory(entry: HistoryEntry): Promise<void> {
    this.data.history = [entry, ...this.data.history].slice(0, HISTORY_LIMIT);
    await this.save();
  }

  private save(): Promise<void> {
    const next = this.saving.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
      const tmp = `${this.file}.${process.pid}.tmp`;
      // The latest data at the moment of writing: a queued save never writes older state.
      await fs.writeFile(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
      await fs.rename(tmp, this.file);
    });
    this.saving = next.catch(() => {});
    return next;
  }
}
