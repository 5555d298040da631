// Command-line options of the bench scripts: parsed by node:util; a bad one is refused in one line
// with the usage (exit 2) instead of a stack trace, and --help prints the usage.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TargetKind } from './fresh-target.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What every bench takes: --users, --rounds, --targets, --postgres-url; `values` holds its own options too. */
export interface BenchRun {
  users: number;
  rounds: number;
  targets: TargetKind[];
  /** The Postgres server fresh databases are created on. */
  postgresUrl: string;
  values: Record<string, string | boolean>;
}

export class BenchArgs {
  constructor(private readonly usage: string) {}

  /** The common options with these defaults, and `extra` (each with a default, so a string or a boolean). */
  read(defaults: { users: number; rounds: number }, extra: Options = {}): BenchRun {
    let values: Record<string, string | boolean>;
    try {
      values = parseArgs({
        options: {
          users: { type: 'string', default: String(defaults.users) },
          rounds: { type: 'string', default: String(defaults.rounds) },
          targets: { type: 'string', default: 'pglite,postgres' },
          'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres' },
          help: { type: 'boolean', default: false },
          ...extra,
        },
      }).values as Record<string, string | boolean>;
    } catch (error) {
      this.refuse((error as Error).message);
    }
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      process.exit(0);
    }
    return {
      users: this.count('users', String(values.users)),
      rounds: this.count('rounds', String(values.rounds)),
      targets: this.targets(String(values.targets)),
      postgresUrl: String(values['postgres-url']),
      values,
    };
  }

  refuse(message: string): never {
    process.stderr.write(`${message}\n${this.usage}\n`);
    process.exit(2);
  }

  /** A whole number of at least `min`. */
  count(name: string, text: string, min = 1): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) this.refuse(`--${name} must be a whole number of at least ${min} (got "${text}")`);
    return value;
  }

  private targets(text: string): TargetKind[] {
    const targets = text.split(',').map((t) => t.trim());
    for (const t of targets) if (t !== 'pglite' && t !== 'postgres') this.refuse(`unknown target "${t}" (pglite or postgres)`);
    return targets as TargetKind[];
  }
}
