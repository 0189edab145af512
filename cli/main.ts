/**
 * The dlan command line: dispatch, help, and errors: the exit code follows from the error's class
 * (exit-code.ts; a command whose 2 means something else says so in Command.usageExit). Only the
 * executable (dlan.ts) touches process.
 */
import { type Io, parse, renderUsage, UsageError } from './command.js';
import { type CommandEntry, commands } from './commands/index.js';
import { classOf, EXIT, exitCodeFor } from './exit-code.js';
import { renderError, shownError } from './render-error.js';
import { VERSION } from './version.js';
import { escapeText } from '../model/escape.js';
import { didYouMean } from '../model/suggest.js';

export function renderHelp(list: readonly Pick<CommandEntry, 'name' | 'title'>[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'dlan: one private network across your routers, managed from a signed git repo.',
    '',
    'Usage: dlan <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.title}`),
    '',
    'Run `dlan <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(renderHelp(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    io.stdout(`dlan ${VERSION}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    const near = didYouMean(name, commands.map((c) => c.name));
    io.stderr(`dlan: unknown command ${escapeText(name)}${near} [Usage]\n\n${renderHelp(commands)}`);
    return EXIT.usage;
  }
  const cmd = await entry.load();
  try {
    const args = parse(cmd, rest);
    if (args === 'help') {
      io.stdout(renderUsage(cmd));
      return 0;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`dlan ${cmd.name}: ${e.message} [Usage]\n\n${renderUsage(cmd)}`);
      return cmd.usageExit ?? EXIT.usage;
    }
    const shown = shownError(e);
    if (rest.includes('--json')) io.stdout(`${JSON.stringify({ error: { kind: classOf(e), code: shown.code, message: shown.message } }, null, 2)}\n`);
    io.stderr(renderError(cmd.name, shown, Boolean(io.env.DLAN_DEBUG)));
    return exitCodeFor(e);
  }
}
