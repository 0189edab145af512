import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { processServices, ServiceError, type ServiceManager } from '../../../reconciler/services/index.js';
import { makeNode, nodeName, removeNode, waitFor, type NodeNs } from '../../support/ns-node.js';

interface Ctx { node: NodeNs; sm: ServiceManager }
const BINDS = ['/etc/frr', '/etc/nginx', '/etc/dnsmasq.d', '/etc/wireguard'];

async function setup(ctx: Ctx, suffix: string): Promise<void> {
  ctx.node = await makeNode(nodeName('dlx', suffix), { binds: BINDS });
  ctx.sm = processServices({ host: ctx.node.host, startTimeoutMs: 10_000 });
}
const teardown = async (ctx: Ctx): Promise<void> => { if (ctx.node) await removeNode(ctx.node); };

async function throwsService(p: Promise<unknown>, code: string): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, ServiceError, String(e));
    assert.is((e as ServiceError).code, code, (e as Error).message);
    return e as ServiceError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
const nginxConf = (text: string): string => `load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
events { worker_connections 64; }
stream { server { listen 127.0.0.1:8081; return "${text}\\n"; } }
`;
const ask = async (node: NodeNs): Promise<string> => (await node.host.run('socat', ['-T1', '-', 'TCP:127.0.0.1:8081'])).stdout.trim();

const nginx = suite<Ctx>('processServices: nginx');
nginx.before((ctx) => setup(ctx, 'n'));
nginx.after(teardown);
nginx('start runs the master with a pid file under /run/dlan; a second start changes nothing', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/nginx/nginx.conf', nginxConf('v1'), 0o644);
  await sm.start('nginx');
  const s = await sm.status('nginx');
  assert.ok(s.running, s.detail);
  assert.is(Number((await node.host.readFile('/run/dlan/nginx.pid'))!.trim()), s.pid);
  assert.is(await ask(node), 'v1');
  await sm.start('nginx');
  assert.is((await sm.status('nginx')).pid, s.pid);
});
nginx('reload serves the new config from the same master (no restart)', async ({ node, sm }) => {
  const before = (await sm.status('nginx')).pid;
  await node.host.writeFileAtomic('/etc/nginx/nginx.conf', nginxConf('v2'), 0o644);
  await sm.reload('nginx');
  await waitFor('nginx to answer v2', async () => (await ask(node)) === 'v2');
  assert.is((await sm.status('nginx')).pid, before);
});
nginx('restart makes a new master; stop leaves no process and no pid file', async ({ node, sm }) => {
  const before = (await sm.status('nginx')).pid!;
  await sm.restart('nginx');
  const after = (await sm.status('nginx')).pid!;
  assert.ok(after !== before && !alive(before));
  await sm.stop('nginx');
  assert.is((await sm.status('nginx')).running, false);
  assert.is(await node.host.readFile('/run/dlan/nginx.pid'), undefined);
  assert.not.ok(alive(after));
  await sm.stop('nginx'); // idempotent
});
nginx('a config with its own pid directive (as dlan renders it) is started with that pid file', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/nginx/nginx.conf', nginxConf('v3').replace('worker_processes 1;', 'worker_processes 1;\npid /run/dlan/own.pid;\nerror_log stderr warn;'), 0o644);
  await sm.start('nginx');
  const s = await sm.status('nginx');
  assert.ok(s.running, s.detail);
  assert.is(Number((await node.host.readFile('/run/dlan/own.pid'))!.trim()), s.pid);
  assert.is(await ask(node), 'v3');
  await sm.stop('nginx');
  assert.is(await sm.isRunning('nginx'), false);
  assert.not.ok(alive(s.pid!));
});
nginx('a config nginx refuses is StartFailed with nginx\'s own message', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/nginx/nginx.conf', 'events {}\nstream { bogus; }\n', 0o644);
  const e = await throwsService(sm.start('nginx'), 'StartFailed');
  assert.match(e.data.output ?? '', 'unknown directive "stream"');
});
nginx.run();

// ---------------------------------------------------------------------------------------------
const dnsConf = (addr: string): string => `no-resolv\nno-hosts\nbind-interfaces\nlisten-address=127.0.0.1\naddress=/probe.dlx.test/${addr}\n`;
const dig = async (node: NodeNs): Promise<string> =>
  (await node.host.run('dig', ['+short', '+time=1', '+tries=1', '@127.0.0.1', 'probe.dlx.test'])).stdout.trim();

const dnsmasq = suite<Ctx>('processServices: dnsmasq');
dnsmasq.before((ctx) => setup(ctx, 'd'));
dnsmasq.after(teardown);
dnsmasq('start, answer, reload = restart with the new config', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', dnsConf('192.0.2.7'), 0o644);
  await sm.start('dnsmasq');
  const first = await sm.status('dnsmasq');
  assert.ok(first.running, first.detail);
  assert.is(await dig(node), '192.0.2.7');
  await node.host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', dnsConf('192.0.2.8'), 0o644);
  await sm.reload('dnsmasq');
  const second = await sm.status('dnsmasq');
  assert.ok(second.running && second.pid !== first.pid);
  assert.is(await dig(node), '192.0.2.8');
});
dnsmasq('a pid-file= in the config (which beats the command line) is the pid file watched', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', `${dnsConf('192.0.2.8')}pid-file=/run/dlan/own-dnsmasq.pid\n`, 0o644);
  await sm.restart('dnsmasq');
  const s = await sm.status('dnsmasq');
  assert.ok(s.running, s.detail);
  assert.is(Number((await node.host.readFile('/run/dlan/own-dnsmasq.pid'))!.trim()), s.pid);
  // The config stops naming that pid file: a restart still finds the instance (recorded at launch).
  await node.host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', dnsConf('192.0.2.8'), 0o644);
  await sm.restart('dnsmasq');
  assert.not.ok(alive(s.pid!));
  assert.ok(await sm.isRunning('dnsmasq'));
  assert.is(Number((await node.host.readFile('/run/dlan/dnsmasq.pid'))!.trim()), (await sm.status('dnsmasq')).pid);
});
dnsmasq('a killed daemon is seen dead (stale pid file), and start brings it back', async ({ node, sm }) => {
  const { pid } = await sm.status('dnsmasq');
  process.kill(pid!, 'SIGKILL');
  await waitFor('dnsmasq seen dead', async () => !(await sm.isRunning('dnsmasq')));
  assert.match((await sm.status('dnsmasq')).detail ?? '', `pid ${pid} is not running`);
  await sm.start('dnsmasq');
  assert.ok(await sm.isRunning('dnsmasq'));
  assert.is(await dig(node), '192.0.2.8');
});
dnsmasq('a pid file naming another program is not trusted, and stop does not signal it', async ({ node, sm }) => {
  await sm.stop('dnsmasq');
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await node.host.writeFileAtomic('/run/dlan/dnsmasq.pid', `${sleeper.pid}\n`, 0o644);
    const s = await sm.status('dnsmasq');
    assert.is(s.running, false);
    assert.match(s.detail ?? '', 'another program');
    await sm.stop('dnsmasq');
    assert.ok(alive(sleeper.pid!));
  } finally {
    sleeper.kill('SIGKILL');
  }
});
dnsmasq('a port already taken is StartFailed quoting dnsmasq', async ({ node, sm }) => {
  await node.host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', `${dnsConf('192.0.2.9')}port=8082\n`, 0o644);
  const blocker = await node.host.run('sh', ['-c', 'setsid socat TCP-LISTEN:8082,bind=127.0.0.1,reuseaddr,fork - >/dev/null 2>&1 </dev/null & echo $!']);
  try {
    await waitFor('port 8082 taken', async () => (await node.host.run('ss', ['-Htln', 'sport = :8082'])).stdout.includes('8082'));
    const e = await throwsService(sm.start('dnsmasq'), 'StartFailed');
    assert.match(e.data.output ?? '', 'Address already in use');
  } finally {
    process.kill(Number(blocker.stdout.trim()), 'SIGKILL');
  }
});
dnsmasq.run();

// ---------------------------------------------------------------------------------------------
const wg = suite<Ctx>('processServices: wireguard');
wg.before((ctx) => setup(ctx, 'w'));
wg.after(teardown);
wg('start brings up wireguard-go with its UAPI socket in the node\'s /run; stop removes the interface', async ({ node, sm }) => {
  await sm.start('wireguard');
  const s = await sm.status('wireguard');
  assert.ok(s.running, s.detail);
  assert.is((await node.host.run('ip', ['link', 'show', 'wg-dlan'])).code, 0);
  assert.is((await node.host.run('ls', ['/run/wireguard'], { check: true })).stdout.trim(), 'wg-dlan.sock');
  const argv = (await readFile(`/proc/${s.pid}/cmdline`, 'utf8')).split('\0');
  assert.equal(argv.slice(0, 3), ['wireguard-go', '-f', 'wg-dlan']);
  await sm.stop('wireguard');
  assert.is(await sm.isRunning('wireguard'), false);
  await waitFor('wg-dlan to disappear', async () => (await node.host.run('ip', ['link', 'show', 'wg-dlan'])).code !== 0);
  assert.not.ok(alive(s.pid!));
});
wg('reload of a stopped interface starts it; of a running one changes nothing', async ({ sm }) => {
  await sm.reload('wireguard');
  const pid = (await sm.status('wireguard')).pid;
  assert.ok(pid);
  await sm.reload('wireguard');
  assert.is((await sm.status('wireguard')).pid, pid);
  await sm.stop('wireguard');
});
wg.run();

// ---------------------------------------------------------------------------------------------
const daemonsFile = (on: readonly string[]): string =>
  `${['bgpd', 'ospfd', 'ospf6d', 'ripd', 'ripngd', 'isisd', 'pimd', 'ldpd', 'nhrpd', 'eigrpd', 'babeld', 'sharpd', 'pbrd', 'bfdd', 'fabricd', 'vrrpd', 'pathd']
    .map((d) => `${d}=${on.includes(d) ? 'yes' : 'no'}`).join('\n')}\nvtysh_enable=yes\n`;
const frrConf = (extra = ''): string => `frr defaults traditional
log file /var/run/frr/frr.log
router ospf
 ospf router-id 10.255.0.1
exit
${extra}`;
const running = async (node: NodeNs): Promise<string> => (await node.host.run('vtysh', ['-c', 'show running-config'], { check: true })).stdout;
const pids = async (sm: ServiceManager): Promise<Record<string, number>> =>
  Object.fromEntries(((await sm.status('frr')).parts ?? []).map((p) => [p.name, p.pid ?? 0]));

const frr = suite<Ctx>('processServices: frr');
frr.before(async (ctx) => {
  await setup(ctx, 'f');
  await ctx.node.host.writeFileAtomic('/etc/frr/vtysh.conf', 'service integrated-vtysh-config\n', 0o644);
  await ctx.node.host.writeFileAtomic('/etc/frr/daemons', daemonsFile(['ospfd', 'ospf6d']), 0o644);
  await ctx.node.host.writeFileAtomic('/etc/frr/frr.conf', frrConf(), 0o644);
});
frr.after(teardown);
frr('start waits for watchfrr and reports each daemon it supervises', async ({ node, sm }) => {
  await sm.start('frr');
  const s = await sm.status('frr');
  assert.ok(s.running, s.detail);
  assert.equal(s.parts!.map((p) => p.name), ['zebra', 'ospfd', 'ospf6d', 'staticd']);
  assert.ok(s.parts!.every((p) => p.running && p.pid));
  assert.match(await running(node), 'ospf router-id 10.255.0.1');
});
frr('reload applies frr.conf incrementally: new lines in, no daemon restarted', async ({ node, sm }) => {
  const before = await pids(sm);
  await node.host.writeFileAtomic('/etc/frr/frr.conf', frrConf('interface lo\n ip ospf passive\nexit\n'), 0o644);
  await sm.reload('frr');
  assert.match(await running(node), /interface lo\n ip ospf passive/);
  assert.equal(await pids(sm), before);
});
frr('enabling a daemon (bfdd) on reload starts it and leaves the others running', async ({ node, sm }) => {
  const before = await pids(sm);
  await node.host.writeFileAtomic('/etc/frr/daemons', daemonsFile(['ospfd', 'ospf6d', 'bfdd']), 0o644);
  await node.host.writeFileAtomic('/etc/frr/frr.conf', frrConf('interface lo\n ip ospf passive\nexit\nbfd\n peer 192.0.2.2\n exit\nexit\n'), 0o644);
  await sm.reload('frr');
  const after = await pids(sm);
  assert.ok(after.bfdd, 'bfdd runs');
  for (const d of ['zebra', 'ospfd', 'ospf6d', 'staticd']) assert.is(after[d], before[d], `${d} kept its pid`);
  assert.match(await running(node), 'peer 192.0.2.2');
});
frr('restart and stop act on every daemon watchfrr supervised', async ({ sm }) => {
  const before = await pids(sm);
  await sm.restart('frr');
  const after = await pids(sm);
  for (const d of Object.keys(before)) assert.ok(after[d] && after[d] !== before[d], `${d} restarted`);
  await sm.stop('frr');
  const s = await sm.status('frr');
  assert.is(s.running, false);
  for (const pid of Object.values(after)) assert.not.ok(alive(pid), `pid ${pid} gone`);
});
frr.run();

// ---------------------------------------------------------------------------------------------
const space = suite<Ctx>('processServices: frr with a pathspace (-N)');
space.before(async (ctx) => {
  await setup(ctx, 'p');
  ctx.sm = processServices({ host: ctx.node.host, frrPathspace: 'dlan' });
  await ctx.node.host.writeFileAtomic('/etc/frr/dlan/vtysh.conf', 'service integrated-vtysh-config\n', 0o644);
  await ctx.node.host.writeFileAtomic('/etc/frr/dlan/daemons', daemonsFile(['ospfd']), 0o644);
  await ctx.node.host.writeFileAtomic('/etc/frr/dlan/frr.conf', frrConf().replace('/var/run/frr/', '/var/run/frr/dlan/'), 0o644);
});
space.after(teardown);
space('start, incremental reload and stop work in /etc/frr/NAME and /var/run/frr/NAME', async ({ node, sm }) => {
  await sm.start('frr');
  const s = await sm.status('frr');
  assert.ok(s.running, s.detail);
  assert.equal(s.parts!.map((p) => p.name), ['zebra', 'ospfd', 'staticd']);
  assert.ok(await node.host.stat('/var/run/frr/dlan/watchfrr.pid'));
  const before = await pids(sm);
  await node.host.writeFileAtomic('/etc/frr/dlan/frr.conf', frrConf('interface lo\n ip ospf passive\nexit\n').replace('/var/run/frr/', '/var/run/frr/dlan/'), 0o644);
  await sm.reload('frr');
  const conf = (await node.host.run('vtysh', ['-N', 'dlan', '-c', 'show running-config'], { check: true })).stdout;
  assert.match(conf, /interface lo\n ip ospf passive/);
  assert.equal(await pids(sm), before);
  await sm.stop('frr');
  assert.is(await sm.isRunning('frr'), false);
  for (const pid of Object.values(before)) assert.not.ok(alive(pid));
});
space.run();
