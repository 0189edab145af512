/**
 * The dlan command line: dispatch, help, and the mapping from errors to exit codes
 * (0 ok, 1 failure, 2 usage). Only the executable (dlan.ts) touches process.
 */
import { type Command, type Io, parse, renderUsage, UsageError } from './command.js';
import { commands } from './commands/index.js';

export function renderHelp(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'dlan: one private network across your routers, managed from a signed git repo.',
    '',
    'Usage: dlan <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary.split('. ')[0]!.replace(/\.$/, '')}`),
    '',
    'Run `dlan <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(renderHelp(commands));
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('dlan 0.1.0\n');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`dlan: unknown command ${name}\n\n${renderHelp(commands)}`);
    return 2;
  }
  try {
    const args = parse(cmd, rest);
    if (args === 'help') {
      io.stdout(renderUsage(cmd));
      return 0;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`dlan ${cmd.name}: ${e.message}\n\n${renderUsage(cmd)}`);
      return 2;
    }
    const err = e as Error & { code?: string };
    if (rest.includes('--json')) io.stdout(`${JSON.stringify({ error: { code: err.code ?? 'Internal', message: err.message } }, null, 2)}\n`);
    io.stderr(`dlan ${cmd.name}: ${err.message}\n`);
    if (!err.code) io.stderr(`${err.stack ?? ''}\n`);
    return 1;
  }
}
