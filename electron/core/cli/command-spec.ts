// Each command describes its options once; parsing (node:util parseArgs) and --help both come
// from that description, so the help can never list an option the parser does not know.
import { parseArgs } from 'node:util';
import { CliError, EXIT_CODES_HELP } from './errors.js';

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. "<target>". */
  value?: string;
  /** Default shown in help (the command applies it). */
  default?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** Extra paragraphs after the summary. */
  details?: string;
  /** Positional arguments the command takes: exactly this many. */
  positionals?: number;
  options: OptionSpec[];
  environment?: [name: string, description: string][];
}

export const DEBUG_OPTION: OptionSpec = { name: 'debug', type: 'boolean', description: 'On failure, also print the stack trace.' };
const HELP_OPTION: OptionSpec = { name: 'help', type: 'boolean', description: 'Show this help.' };

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  const options: Record<string, { type: 'string' | 'boolean' }> = Object.fromEntries(
    [...spec.options, DEBUG_OPTION, HELP_OPTION].map((o) => [o.name, { type: o.type }]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains at length; its first sentence is the useful part.
    const first = (error as Error).message.split(/(?<=\.)\s/)[0];
    throw new CliError(`${first} Run "seren-auth ${spec.name} --help" for the options.`);
  }
  const help = parsed.values.help === true;
  const wanted = spec.positionals ?? 0;
  if (!help && parsed.positionals.length !== wanted) {
    const what = parsed.positionals.length > wanted ? `Unexpected argument "${parsed.positionals[wanted]}"` : 'Missing argument';
    throw new CliError(`${what}. Usage: ${spec.usage}`);
  }
  return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals, help };
}

export function commandHelp(spec: CommandSpec): string {
  const rows = [...spec.options, DEBUG_OPTION, HELP_OPTION].map((o) => {
    const flag = `--${o.name}${o.value ? ` ${o.value}` : ''}`;
    const def = o.default !== undefined ? ` (default: ${o.default})` : '';
    return [flag, `${o.description}${def}`];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [`Usage: ${spec.usage}`, '', spec.summary];
  if (spec.details) lines.push('', spec.details);
  lines.push('', 'Options:', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${wrap(text, 100 - width - 2, width + 2)}`));
  if (spec.environment?.length) {
    const envWidth = Math.max(...spec.environment.map(([name]) => name.length)) + 2;
    lines.push('', 'Environment:', ...spec.environment.map(([name, text]) => `  ${name.padEnd(envWidth)}${text}`));
  }
  lines.push('', EXIT_CODES_HELP);
  return `${lines.join('\n')}\n`;
}

/** Word-wraps help text to `columns`, indenting continuation lines. */
function wrap(text: string, columns: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > Math.max(columns, 30)) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The value of a string option, or undefined. */
export function stringOption(values: ParsedCommand['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
