import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHost } from '../../../../reconciler/host.js';
import { localProcesses, ServiceError } from '../../../../reconciler/services/index.js';
import type { ProcessContext } from '../../../../reconciler/services/process/context.js';
import { startPidDaemon, stopPidDaemon, verifiedPid, type PidDaemonSpec } from '../../../../reconciler/services/process/pid-daemon.js';

interface Ctx { dir: string; ctx: ProcessContext }
const started: number[] = [];

let serial = 0;
/** A "daemon": `sleep 3600.N` (N tells instances apart), launched by a subshell that may first wait `delay` s. */
function sleeper(c: ProcessContext, tag: string, o: { delay?: number; ignoreTerm?: boolean } = {}): PidDaemonSpec {
  const seconds = `3600.${++serial}${process.pid}`;
  const body = `${o.ignoreTerm ? 'trap "" TERM; ' : ''}${o.delay ? `sleep ${o.delay}; ` : ''}exec sleep ${seconds}`;
  return {
    name: 'dnsmasq', pidFile: `/run/${tag}.pid`, logFile: `/run/${tag}.log`,
    matches: (argv) => argv[0] === 'sleep' && argv[1] === seconds,
    launch: async () => {
      const r = await c.host.run('sh', ['-c', `(${body}) >/dev/null 2>&1 </dev/null & echo $!`]);
      const pid = Number(r.stdout.trim());
      started.push(pid);
      await c.host.writeFileAtomic(`/run/${tag}.pid`, `${pid}\n`, 0o644);
      return r;
    },
  };
}

const pd = suite<Ctx>('pid daemons');
pd.before.each(async (c) => {
  c.dir = await mkdtemp(join(tmpdir(), 'dlx-pid-'));
  c.ctx = { host: localHost({ rootDir: c.dir }), procs: localProcesses(), startTimeoutMs: 5000, stopTimeoutMs: 300 };
});
pd.after.each(async (c) => {
  for (const pid of started.splice(0)) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
  await rm(c.dir, { recursive: true, force: true });
});
pd('a launcher that has not exec\'d the daemon yet is waited for, not taken for dead', async ({ ctx }) => {
  const spec = sleeper(ctx, 'slow', { delay: 0.3 });
  await startPidDaemon(ctx, spec);
  assert.ok((await verifiedPid(ctx, spec)).pid);
});
pd('a daemon ignoring SIGTERM is killed after the stop deadline', async ({ ctx }) => {
  const spec = sleeper(ctx, 'stubborn', { ignoreTerm: true });
  await startPidDaemon(ctx, spec);
  const { pid } = await verifiedPid(ctx, spec);
  await stopPidDaemon(ctx, spec);
  assert.is(await localProcesses().argv(pid!), undefined);
  assert.is(await ctx.host.readFile('/run/stubborn.pid'), undefined);
});
pd('a launcher whose daemon dies at once fails fast with StartFailed', async ({ ctx }) => {
  const spec: PidDaemonSpec = { ...sleeper(ctx, 'dead'), launch: async () => {
    const r = await ctx.host.run('sh', ['-c', 'sh -c "echo cannot bind >&2; exit 1" & echo $!']);
    await ctx.host.writeFileAtomic('/run/dead.pid', r.stdout, 0o644);
    return r;
  } };
  try {
    await startPidDaemon(ctx, spec);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ServiceError);
    assert.is((e as ServiceError).code, 'StartFailed');
    assert.match((e as ServiceError).message, 'exited right after starting');
  }
});
pd.run();
