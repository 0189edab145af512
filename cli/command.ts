/**
 * A small command framework on node:util parseArgs: each command declares its options once,
 * and `--help` text is rendered from that declaration (citty's renderUsage idea).
 */
import { parseArgs } from 'node:util';
import { Stalled } from '../model/errors.js';
import { escapeText } from '../model/escape.js';
import { didYouMean } from '../model/suggest.js';

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
  /**
   * Exit code of a usage error (default 2). Commands whose 2 means something else (diff and
   * plan: "there are changes", as terraform plan -detailed-exitcode) use 1, like any error.
   */
  readonly usageExit?: number;
  run(args: Parsed, io: Io): Promise<number>;
}

/** Stalled: the command line is wrong (exit code 2, with the command's usage). */
export class UsageError extends Stalled {
  constructor(message: string) {
    super('Usage', message);
  }
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

/**
 * Parses argv against the command's declared options. Node's parseArgs is run lenient and its
 * tokens checked here, so a mistake gets dlan's own message ("unknown option --jsn; did you
 * mean --json?") and never parseArgs' wording.
 */
export function parse(cmd: Command, argv: string[]): Parsed | 'help' {
  const specs: Record<string, OptionSpec> = { ...cmd.options, help: { type: 'boolean', short: 'h', description: 'Show this help.' } };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }> = {};
  for (const [k, o] of Object.entries(specs)) {
    options[k] = { type: o.type, ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }), ...(o.default !== undefined && { default: o.default }) };
  }
  let rest: string[] = [];
  let own = argv;
  const dd = argv.indexOf('--');
  if (cmd.passThrough && dd >= 0) { own = argv.slice(0, dd); rest = argv.slice(dd + 1); }
  const parsed = parseArgs({ args: own, options, allowPositionals: true, strict: false, tokens: true });
  const shorts = new Map(Object.entries(specs).filter(([, o]) => o.short).map(([k, o]) => [o.short!, k]));
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const name = t.rawName.startsWith('--') ? t.name : shorts.get(t.name) ?? t.name;
    const spec = specs[name];
    if (!spec) {
      const shown = escapeText(t.rawName);
      throw new UsageError(`unknown option ${shown}${didYouMean(t.name, Object.keys(specs), (s) => `--${s}`)}`);
    }
    if (spec.type === 'string' && t.value === undefined) throw new UsageError(`--${name} needs a value (--${name} ${spec.value ?? 'VALUE'})`);
    if (spec.type === 'boolean' && t.inlineValue) throw new UsageError(`--${name} takes no value`);
  }
  if (parsed.values.help === true) return 'help';
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
