// Command-line options of the bench scripts: parsed by node:util; a bad one is refused in one line
// with the usage (exit 2) instead of a stack trace, and --help prints the usage.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TargetKind } from './fresh-target.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The Postgres server a bench creates its fresh databases on. */
export const POSTGRES_URL_OPTION = {
  'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres' },
} as const satisfies Options;

export class BenchArgs {
  constructor(private readonly usage: string) {}

  /** The options' values (every option here has a default, so each is a string or a boolean). */
  read(options: Options): Record<string, string | boolean> {
    let values: Record<string, unknown>;
    try {
      values = parseArgs({ options: { ...options, help: { type: 'boolean', default: false } } }).values;
    } catch (error) {
      this.refuse((error as Error).message);
    }
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      process.exit(0);
    }
    return values as Record<string, string | boolean>;
  }

  refuse(message: string): never {
    process.stderr.write(`${message}\n${this.usage}\n`);
    process.exit(2);
  }

  targets(text: string): TargetKind[] {
    const targets = text.split(',').map((t) => t.trim());
    for (const t of targets) if (t !== 'pglite' && t !== 'postgres') this.refuse(`unknown target "${t}" (pglite or postgres)`);
    return targets as TargetKind[];
  }

  /** A whole number of at least `min`. */
  count(name: string, text: string, min = 1): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) this.refuse(`--${name} must be a whole number of at least ${min} (got "${text}")`);
    return value;
  }
}
