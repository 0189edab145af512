/**
 * A small command framework on node:util parseArgs: each command declares its options once,
 * and `--help` text is rendered from that declaration (citty's renderUsage idea).
 */
import { parseArgs } from 'node:util';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  readonly default?: string | boolean;
  readonly multiple?: boolean;
  /** Placeholder in usage, e.g. NAME. */
  readonly value?: string;
}

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** e.g. `[REPO]`. */
  readonly args?: string;
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Allow `--` followed by a command (lab exec). */
  readonly passThrough?: boolean;
  run(args: Parsed, io: Io): Promise<number>;
}

export class UsageError extends Error {
  readonly code = 'Usage';
}

export const jsonOption: OptionSpec = { type: 'boolean', description: 'Print machine-readable JSON.' };

export function renderUsage(cmd: Command): string {
  const lines = [`Usage: dlan ${cmd.name}${Object.keys(cmd.options).length ? ' [options]' : ''}${cmd.args ? ` ${cmd.args}` : ''}`, '', cmd.summary];
  if (cmd.details) lines.push('', cmd.details);
  const opts = Object.entries({ ...cmd.options, help: { type: 'boolean', short: 'h', description: 'Show this help.' } as OptionSpec });
  lines.push('', 'Options:');
  const left = opts.map(([name, o]) => `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  opts.forEach(([, o], i) => {
    const def = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
    lines.push(`  ${left[i]!.padEnd(width)}  ${o.description}${def}`);
  });
  return `${lines.join('\n')}\n`;
}

export function parse(cmd: Command, argv: string[]): Parsed | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [k, o] of Object.entries(cmd.options)) {
    options[k] = { type: o.type, ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }), ...(o.default !== undefined && { default: o.default }) };
  }
  let rest: string[] = [];
  let own = argv;
  const dd = argv.indexOf('--');
  if (cmd.passThrough && dd >= 0) { own = argv.slice(0, dd); rest = argv.slice(dd + 1); }
  let parsed;
  try {
    parsed = parseArgs({ args: own, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.values.help) return 'help';
  return { values: parsed.values as Parsed['values'], positionals: [...parsed.positionals, ...(rest.length ? ['--', ...rest] : [])] };
}

export const str = (p: Parsed, k: string): string | undefined => {
  const v = p.values[k];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (p: Parsed, k: string): boolean => p.values[k] === true;

export function requireStr(p: Parsed, k: string): string {
  const v = str(p, k);
  if (v === undefined) throw new UsageError(`--${k} is required`);
  return v;
}

export const printJson = (io: Io, value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
