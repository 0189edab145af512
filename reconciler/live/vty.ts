/**
 * Ask an FRR daemon directly on its VTY socket (`/var/run/frr[/PATHSPACE]/<daemon>.vty`), the
 * way vtysh does (FRR lib/vty.c, vtysh_flush): each command is sent NUL-terminated; the daemon
 * answers with the output, then three NUL bytes and the command's status (0 = success). A fresh
 * session is in the view node, where bfdd's `show` commands do not exist, so `enable` comes first.
 * vtysh costs ~30 ms of CPU per run (it builds its whole command tree); this costs ~0.3 ms, which
 * keeps a no-op reconcile cheap. The socket is reached through `/proc/<pid>/root` of a process of
 * that FRR (any of its daemons), so it works from outside the node's mount namespace too.
 */
import { createConnection } from 'node:net';
import { HostError } from '../host/errors.js';

const END = Buffer.from([0, 0, 0]);

export interface VtyAnswer {
  readonly status: number;
  readonly text: string;
}

/** The answers in order, or undefined when nothing listens on the socket (the daemon is not running). */
export function vtyQuery(socket: string, commands: readonly string[], timeoutMs = 10_000): Promise<VtyAnswer[] | undefined> {
  return new Promise((resolve, reject) => {
    const s = createConnection(socket);
    const answers: VtyAnswer[] = [];
    let buf = Buffer.alloc(0);
    const done = (f: () => void): void => { clearTimeout(timer); s.destroy(); f(); };
    const timer = setTimeout(() => done(() => reject(new HostError('CommandTimedOut', `${socket}: no answer after ${timeoutMs} ms`,
      { host: 'vty', cmd: socket, args: [...commands] }))), timeoutMs);
    s.on('connect', () => s.write(`${commands[0]}\0`));
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const at = buf.indexOf(END);
        if (at < 0 || buf.length < at + 4) return;
        answers.push({ status: buf[at + 3]!, text: buf.subarray(0, at).toString('utf8') });
        buf = buf.subarray(at + 4);
        if (answers.length === commands.length) return done(() => resolve(answers));
        s.write(`${commands[answers.length]}\0`);
      }
    });
    s.on('error', (e: NodeJS.ErrnoException) => done(() => {
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') resolve(undefined);
      else reject(new HostError('CommandFailed', `${socket}: ${e.message}`, { host: 'vty', cmd: socket, args: [...commands], ...(e.code ? { errno: e.code } : {}) }));
    }));
    s.on('end', () => done(() => {
      if (answers.length < commands.length) reject(new HostError('CommandFailed', `${socket}: closed after ${answers.length} of ${commands.length} answers`, { host: 'vty', cmd: socket, args: [...commands] }));
    }));
  });
}

/** One `show` command on one daemon (after `enable`): its output, '' when the daemon does not run. */
export async function vtyShow(socket: string, command: string, timeoutMs?: number): Promise<string> {
  const answers = await vtyQuery(socket, ['enable', command], timeoutMs);
  if (answers === undefined) return '';
  const a = answers[1]!;
  if (a.status !== 0) {
    throw new HostError('CommandFailed', `${socket}: ${command}: ${a.text.trim()}`, { host: 'vty', cmd: socket, args: [command], exitCode: a.status, stderr: a.text.trim() });
  }
  return a.text;
}
