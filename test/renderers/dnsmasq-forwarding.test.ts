/**
 * Two real dnsmasq, r1's and r2's rendered configs, in two network namespaces joined by a veth
 * (names dlr<pid>a/b): r1 forwards r2.lan and r2's reverse zones to r2's loopback, from its own
 * loopback (a source r2 has no connected route to, like a query that crossed other routers).
 * r2 runs with Debian's `--local-service`. The controls show both traps are real: without
 * rebind-domain-ok the answer is silently empty; without interface=/listen-address= r2 refuses.
 * Namespaces and processes are removed in `finally`, processes killed by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../reconciler/host/spawn.js';
import { dnsmasqConfig } from '../../renderers/dnsmasq.js';
import { renderOptions } from '../../renderers/options.js';
import { slice } from '../../model/slice.js';
import { sampleTopology } from '../support/sample.js';

const A = `dlr${process.pid}a`;
const B = `dlr${process.pid}b`;

async function sh(cmd: string, args: string[]): Promise<string> {
  const r = await runCommand('local', cmd, args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Two namespaces: A = r1 (lo 10.255.0.1), B = r2 (lo 10.255.0.2), a /31 between them. */
async function network(): Promise<void> {
  await sh('ip', ['netns', 'add', A]);
  await sh('ip', ['netns', 'add', B]);
  await sh('ip', ['link', 'add', A, 'type', 'veth', 'peer', 'name', B]);
  for (const [ns, me, lo, peerLo, via] of [[A, '10.255.128.6/31', '10.255.0.1', '10.255.0.2', '10.255.128.7'], [B, '10.255.128.7/31', '10.255.0.2', '10.255.0.1', '10.255.128.6']] as const) {
    await sh('ip', ['link', 'set', ns, 'netns', ns]);
    await sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    await sh('ip', ['-n', ns, 'link', 'set', ns, 'up']);
    await sh('ip', ['-n', ns, 'addr', 'add', me, 'dev', ns]);
    await sh('ip', ['-n', ns, 'addr', 'add', `${lo}/32`, 'dev', 'lo']);
    await sh('ip', ['-n', ns, 'route', 'add', `${peerLo}/32`, 'via', via, 'src', lo]);
  }
}

async function cleanup(children: ChildProcess[]): Promise<void> {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
      const gone = new Promise((res) => c.once('exit', res));
      c.kill('SIGTERM');
      await gone;
    }
  }
  for (const ns of [A, B]) await runCommand('local', 'ip', ['netns', 'del', ns], { timeoutMs: 10_000 });
}

function dnsmasq(ns: string, conf: string, pidFile: string, extra: string[] = []): ChildProcess {
  const c = spawn('ip', ['netns', 'exec', ns, 'dnsmasq', '--keep-in-foreground', `--conf-file=${conf}`, `--pid-file=${pidFile}`, '--log-facility=-', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  c.stderr!.resume();
  return c;
}

async function dig(ns: string, server: string, ...q: string[]): Promise<string> {
  const r = await runCommand('local', 'ip', ['netns', 'exec', ns, 'dig', '+short', '+time=1', '+tries=1', `@${server}`, ...q], { timeoutMs: 10_000 });
  return r.code === 0 ? r.stdout.trim() : `(dig exit ${r.code}) ${r.stdout.trim()}`;
}

/** Polls until `ask` gives a non-empty answer (the daemons are up) or 10 s pass. */
async function until(ask: () => Promise<string>, what: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const a = await ask();
    if (a !== '' && !a.startsWith('(dig') && !a.startsWith(';;')) return a;
    if (Date.now() > deadline) throw new Error(`${what}: no answer within 10 s (last: ${a})`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

interface Setup { r1: string; r2: string; dir: string }

async function withTwoRouters(edit: { r1?: (c: string) => string; r2?: (c: string) => string }, body: (s: Setup) => Promise<void>): Promise<void> {
  const t = await sampleTopology();
  const dir = await mkdtemp(join(tmpdir(), 'dlr-dns-'));
  const children: ChildProcess[] = [];
  try {
    const conf = async (r: string, f: (c: string) => string = (c) => c): Promise<string> => {
      const p = join(dir, `${r}.conf`);
      await writeFile(p, f(dnsmasqConfig(slice(t, r), renderOptions({ dhcpLeaseFile: join(dir, `${r}.leases`) }))));
      return p;
    };
    const r1 = await conf('r1', edit.r1);
    const r2 = await conf('r2', edit.r2);
    await network();
    children.push(dnsmasq(B, r2, join(dir, 'b.pid'), ['--local-service']));
    children.push(dnsmasq(A, r1, join(dir, 'a.pid')));
    // r1 answers its own names once it is up.
    await until(() => dig(A, '10.255.0.1', 'router.r1.lan', 'A'), 'r1 dnsmasq');
    await body({ r1, r2, dir });
  } finally {
    await cleanup(children);
    await rm(dir, { recursive: true, force: true });
  }
}

const fwd = suite('dnsmasq forwarding between two routers (real daemons, two namespaces)');

fwd('r1 answers r2.lan names and r2\'s reverse zone through r2, despite stop-dns-rebind and --local-service', () => withTwoRouters({}, async () => {
  assert.is(await until(() => dig(A, '10.255.0.1', 's2.r2.lan', 'A'), 's2.r2.lan'), '10.2.0.10');
  assert.is(await until(() => dig(A, '10.255.0.1', '-x', '10.2.0.10'), 'PTR 10.2.0.10'), 's2.r2.lan.');
  assert.is(await until(() => dig(A, '10.255.0.1', 'router.r2.lan', 'AAAA'), 'router.r2.lan'), 'fd64:6c61:6e::2');
}));

fwd('dlan.lan: each router answers with its own LAN address, whoever else knows the name', () => withTwoRouters({}, async () => {
  assert.is(await until(() => dig(A, '10.255.0.1', 'dlan.lan', 'A'), 'dlan.lan at r1'), '10.1.0.1');
  assert.is(await until(() => dig(A, '10.255.0.1', 'dlan.lan', 'AAAA'), 'dlan.lan AAAA at r1'), 'fd00:1::1');
  assert.is(await until(() => dig(A, '10.255.0.2', 'dlan.lan', 'A'), 'dlan.lan at r2'), '10.2.0.1');
  assert.is(await until(() => dig(B, '10.255.0.2', 'dlan.lan', 'AAAA'), 'dlan.lan AAAA at r2'), 'fd00:2::1');
}));

fwd('control: without rebind-domain-ok the forwarded private answer is silently empty', () => withTwoRouters(
  { r1: (c) => c.replace(/^rebind-domain-ok=.*$/m, '') },
  async () => {
    // r2 itself answers (asked directly), r1's forward comes back empty.
    assert.is(await until(() => dig(A, '10.255.0.2', 's2.r2.lan', 'A'), 'r2 direct'), '10.2.0.10');
    assert.is(await dig(A, '10.255.0.1', 's2.r2.lan', 'A'), '');
  },
));

fwd('control: without interface=/listen-address=, Debian\'s --local-service refuses the other router', () => withTwoRouters(
  { r2: (c) => c.replace(/^(interface|listen-address|bind-dynamic)=?.*$/gm, '') },
  async () => {
    // r2 is up and answers locally...
    assert.is(await until(() => dig(B, '127.0.0.1', 's2.r2.lan', 'A'), 'r2 local'), '10.2.0.10');
    // ...but not a query from r1's loopback, which is not on a subnet r2 is connected to.
    const direct = await dig(A, '10.255.0.2', 's2.r2.lan', 'A');
    assert.is.not(direct, '10.2.0.10');
  },
));
fwd.run();
