/**
 * The reconcile lock: `dlan apply` and the agent never reconcile the same router at once.
 *
 * It is an abstract Unix socket (Linux: a name in the network namespace, no file) bound by the
 * holder: binding is atomic, and the kernel releases the name when the holder exits, even on
 * SIGKILL, so there is no stale lock to clean up (a lock file with a pid would need liveness
 * guesses). The name is derived from the state dir, so two routers in two network namespaces
 * (the lab) or two state dirs never share a lock. Who holds it is written beside the state
 * (`reconcile.lock.json`) for the waiting side's message only; it is never trusted for locking.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { Transient } from '../model/errors.js';

export interface LockHolder {
  readonly pid: number;
  /** `agent`, `apply`... */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export interface ReconcileLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export class LockBusy extends Transient {
  constructor(stateDir: string, holder: LockHolder | undefined, waitedMs: number) {
    super('ReconcileLockBusy', `another reconcile holds the lock for ${stateDir}${holder ? ` (dlan ${holder.command}, pid ${holder.pid}, since ${holder.since})` : ''}; waited ${Math.round(waitedMs / 1000)} s`, { stateDir, ...(holder && { holder }) });
  }
}

export const lockName = (stateDir: string): string =>
  `\0dlan-reconcile-${createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 32)}`;
const holderFile = (stateDir: string) => join(stateDir, 'reconcile.lock.json');

function tryBind(name: string): Promise<Server | undefined> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? ok(undefined) : fail(e)));
    server.listen({ path: name }, () => {
      server.unref(); // the lock never keeps the process alive
      ok(server);
    });
  });
}

/** Who holds the lock now, as it said when it took it (undefined when unknown or free). */
export async function lockHolder(stateDir: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(holderFile(stateDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const v = JSON.parse(text) as LockHolder;
  return typeof v.pid === 'number' && typeof v.command === 'string' ? v : undefined;
}

export interface AcquireOptions {
  readonly command: string;
  /** How long to wait for the holder; 0 = fail at once. */
  readonly waitMs: number;
  /** Told once when the lock is busy and we start waiting. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

export async function acquireLock(stateDir: string, o: AcquireOptions): Promise<ReconcileLock> {
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const name = lockName(stateDir);
  const start = now().getTime();
  let told = false;
  for (;;) {
    const server = await tryBind(name);
    if (server) {
      const holder: LockHolder = { pid: process.pid, command: o.command, since: now().toISOString() };
      try {
        await mkdir(stateDir, { recursive: true, mode: 0o700 }); // before the first reconcile made it
        await writeFile(holderFile(stateDir), `${JSON.stringify(holder)}\n`, { mode: 0o644 });
      } catch (e) {
        server.close(); // do not keep a lock we could not describe: the caller sees the error
        throw e;
      }
      return {
        holder,
        async release() {
          await rm(holderFile(stateDir), { force: true });
          await new Promise<void>((r) => server.close(() => r()));
        },
      };
    }
    const waited = now().getTime() - start;
    if (waited >= o.waitMs) throw new LockBusy(stateDir, await lockHolder(stateDir), waited);
    if (!told) {
      told = true;
      o.onWait?.(await lockHolder(stateDir));
    }
    await sleep(Math.min(200, Math.max(1, o.waitMs - waited)));
  }
}
