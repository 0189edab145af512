/**
 * Each doctor check against what it reads: a fake root (a temp dir with the /etc files of the
 * case, and executables where a command should be found) and, for links and sockets, a real
 * network namespace with real listening sockets (socat).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkClock } from '../../../reconciler/doctor/checks/clock.js';
import { checkFrrDaemonsFile, checkNftablesService, checkNginxDefaultSite } from '../../../reconciler/doctor/checks/distro.js';
import { checkInterfaces } from '../../../reconciler/doctor/checks/interfaces.js';
import { checkLanManagers } from '../../../reconciler/doctor/checks/managers.js';
import { checkPorts } from '../../../reconciler/doctor/checks/ports.js';
import { checkCommands, checkFrr, checkNginxStream, checkNode, checkWireguardChoice } from '../../../reconciler/doctor/checks/software.js';
import { type DoctorSystem, type DoctorTarget, type Finding, localSystem } from '../../../reconciler/doctor/index.js';
import { localHost, netnsHost } from '../../../reconciler/host.js';
import { chooseWireguard } from '../../../reconciler/wireguard/choice.js';
import { interceptHost } from '../../support/intercept-host.js';
import { makeNode, nodeName, removeNode, waitFor, type NodeNs } from '../../support/ns-node.js';
import { topo } from '../../support/topo.js';

const routerSlice = (o: { forwards?: boolean } = {}) => {
  const t = topo().router('r1', {
    id: 1, endpoint: '203.0.113.1:51820', wan: { interface: 'eth0' },
    lan: { interface: 'eth1', ipv4: '10.1.0.0/24', hosts: [{ name: 's1', mac: '02:00:00:00:00:01', ipv4: '10.1.0.10' }] },
  });
  if (o.forwards !== false) t.service('web', { backends: ['s1'], forwards: [{ port: 80, to: 8080 }], exposeOn: ['r1'] });
  return t.slice('r1');
};
const userspace = chooseWireguard('auto', { kernel: false, kernelError: 'Error: Unknown device type.', moduleLoaded: false, wireguardGo: true });
const target = (o: Partial<DoctorTarget> & { forwards?: boolean; noRouter?: boolean } = {}): DoctorTarget => ({
  ...(!o.noRouter && { router: { slice: routerSlice(o), source: 'test' } }),
  wireguard: o.wireguard ?? userspace, notBefore: o.notBefore ?? [], own: o.own ?? (async () => ({ pids: new Set(), running: new Set() })),
});
const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.severity} ${f.id}`);

/** A temp root with these files (path → content; a content of `null` makes an executable). */
async function fakeRoot(files: Record<string, string | null>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dlan-doctor-'));
  for (const [p, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), content ?? '#!/bin/sh\n');
    if (content === null) await chmod(join(root, p), 0o755);
  }
  return root;
}
const inRoot = async (files: Record<string, string | null>, f: (sys: DoctorSystem) => Promise<void>): Promise<void> => {
  const root = await fakeRoot(files);
  try { await f(localSystem(localHost({ rootDir: root }), { now: new Date('2025-06-01T00:00:00Z') })); } finally { await rm(root, { recursive: true, force: true }); }
};

// ----------------------------------------------------------------------------- software

const software = suite('doctor: software');
software('Node below 20 is an error with its fix', () => {
  const sys = localSystem(localHost(), { nodeVersion: '18.19.0' });
  const [f] = checkNode(sys);
  assert.equal([f!.severity, f!.id], ['error', 'node']);
  assert.match(f!.fix!, 'apt install nodejs');
  assert.is(checkNode(localSystem(localHost(), { nodeVersion: '20.19.2' }))[0]!.severity, 'ok');
});
software('commands are found on the PATH under the root; a missing one names its Debian package', () => inRoot({
  '/usr/sbin/ip': null, '/usr/sbin/nft': null, '/usr/bin/wg': null, '/usr/bin/unshare': null, '/usr/sbin/dnsmasq': null, '/usr/bin/vtysh': null,
  '/usr/sbin/nginx': '# not executable\n',
}, async (sys) => {
  const fs = await checkCommands(sys, target());
  assert.equal(brief(fs).filter((f) => f.startsWith('error')), ['error command:nginx', 'error command:wireguard-go']);
  assert.is(fs.find((f) => f.id === 'command:wireguard-go')!.fix, 'apt install wireguard-go');
  assert.is(fs.find((f) => f.id === 'command:ip')!.message, '/usr/sbin/ip (links and addresses)');
  // Kernel WireGuard needs no wireguard-go; a router without forwards needs no nginx.
  const kernel = chooseWireguard('auto', { kernel: true, moduleLoaded: true, wireguardGo: false });
  assert.equal(brief(await checkCommands(sys, target({ wireguard: kernel, forwards: false }))).filter((f) => f.startsWith('error')), []);
}));
software('FRR: its daemons and frr-reload.py (frr-pythontools) with python3', () => inRoot({
  '/usr/lib/frr/watchfrr': null, '/usr/lib/frr/zebra': null, '/usr/lib/frr/ospfd': null, '/usr/lib/frr/ospf6d': null,
  '/usr/lib/frr/staticd': null, '/usr/lib/frr/frrinit.sh': null, '/usr/bin/python3': null,
}, async (sys) => {
  const fs = await checkFrr(sys);
  assert.equal(brief(fs), ['error frr:daemons', 'error frr:reload']);
  assert.match(fs[0]!.message, 'missing bfdd');
  assert.is(fs[1]!.fix, 'apt install frr-pythontools');
}));
software('nginx\'s stream module: loads into the nginx installed here; missing under a root without it', async () => {
  const real = await checkNginxStream(localSystem(localHost()), target());
  assert.equal(brief(real), ['ok nginx:stream'], JSON.stringify(real));
  await inRoot({ '/usr/sbin/nginx': null }, async (sys) => {
    const [f] = await checkNginxStream(sys, target());
    assert.equal([f!.severity, f!.fix], ['error', 'apt install libnginx-mod-stream (the stream module of the installed nginx)']);
  });
  assert.match((await checkNginxStream(localSystem(localHost()), target({ forwards: false })))[0]!.message, 'nginx is not needed');
});
software('WireGuard: the choice made at start; a problem is an error whose fix is the problem\'s', () => {
  assert.equal(brief(checkWireguardChoice(target())), ['ok wireguard']);
  const kernel = chooseWireguard('kernel', { kernel: false, kernelError: 'Error: Unknown device type.', moduleLoaded: false, wireguardGo: true });
  const [f] = checkWireguardChoice(target({ wireguard: kernel }));
  assert.is(f!.severity, 'error');
  assert.match(f!.message, 'agent.yaml says wireguard: kernel');
  assert.match(f!.fix!, 'set wireguard: userspace (or auto)');
});
software('clock: before dlan\'s build or the applied commit is an error', () => {
  const sys = localSystem(localHost(), { now: new Date('2020-01-01T00:00:00Z') });
  const [f] = checkClock(sys, target({ notBefore: [{ what: "dlan's build", at: new Date('2025-05-01T00:00:00Z') }] }));
  assert.equal([f!.severity, f!.id], ['error', 'clock']);
  assert.match(f!.message, "before dlan's build (2025-05-01T00:00:00.000Z)");
  assert.match(f!.fix!, 'timedatectl set-ntp true');
  assert.is(checkClock(localSystem(localHost(), { now: new Date('2025-06-01T00:00:00Z') }), target({ notBefore: [{ what: 'x', at: new Date('2025-05-01T00:00:00Z') }] }))[0]!.severity, 'ok');
});
software.run();

// ----------------------------------------------------------------------------- distro files

const distro = suite('doctor: distro defaults (a fake /etc)');
const DEFAULT_SITE = 'server {\n\tlisten 80 default_server;\n\tlisten [::]:80 default_server;\n\troot /var/www/html;\n}\n';
const SYSTEMD = { '/run/systemd/system/.booted': '' };
const NGINX_ENABLED = { '/etc/systemd/system/multi-user.target.wants/nginx.service': '' };
distro('Debian\'s default nginx site on a port a forward needs is an error naming the forward and the fix', () => inRoot({ '/etc/nginx/sites-enabled/default': DEFAULT_SITE, ...SYSTEMD, ...NGINX_ENABLED }, async (sys) => {
  const [f] = await checkNginxDefaultSite(sys, target());
  assert.equal([f!.severity, f!.id], ['error', 'nginx:default-site']);
  assert.match(f!.message, 'the forward web (tcp/80) needs');
  assert.match(f!.fix!, 'rm /etc/nginx/sites-enabled/default && systemctl reload nginx');
  assert.is((await checkNginxDefaultSite(sys, target({ forwards: false })))[0]!.severity, 'ok');
}));
distro('the default site with nginx.service disabled is fine; without systemd (containers, the lab) a warning', async () => {
  await inRoot({ '/etc/nginx/sites-enabled/default': DEFAULT_SITE, ...SYSTEMD }, async (sys) =>
    assert.match((await checkNginxDefaultSite(sys, target()))[0]!.message, 'but nginx.service (the only nginx that reads it) is not'));
  await inRoot({ '/etc/nginx/sites-enabled/default': DEFAULT_SITE, ...NGINX_ENABLED }, async (sys) =>
    assert.is((await checkNginxDefaultSite(sys, target()))[0]!.severity, 'warning'));
});
distro('no default site: ok', () => inRoot({}, async (sys) => {
  assert.equal(brief(await checkNginxDefaultSite(sys, target())), ['ok nginx:default-site']);
}));
distro('an enabled nftables.service that flushes the ruleset is a warning; disabled, or no flush, is fine', async () => {
  const conf = '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input { type filter hook input priority filter; }\n}\n';
  await inRoot({ '/etc/nftables.conf': conf, '/etc/systemd/system/sysinit.target.wants/nftables.service': '' }, async (sys) => {
    const [f] = await checkNftablesService(sys);
    assert.equal([f!.severity, f!.id], ['warning', 'nftables:flush']);
    assert.match(f!.fix!, 'delete table inet filter');
  });
  await inRoot({ '/etc/nftables.conf': conf }, async (sys) => assert.is((await checkNftablesService(sys))[0]!.severity, 'ok'));
  await inRoot({ '/etc/nftables.conf': 'table inet filter {}\n', '/etc/systemd/system/sysinit.target.wants/nftables.service': '' },
    async (sys) => assert.is((await checkNftablesService(sys))[0]!.severity, 'ok'));
});
distro('FRR\'s daemons file: the package\'s default is a warning; dlan\'s or one with OSPF and BFD on is fine', async () => {
  await inRoot({ '/etc/frr/daemons': 'bgpd=no\nospfd=no\nospf6d=no\nbfdd=no\n' }, async (sys) => {
    const [f] = await checkFrrDaemonsFile(sys);
    assert.equal([f!.severity, f!.id], ['warning', 'frr:daemons-file']);
    assert.match(f!.message, 'ospfd, ospf6d, bfdd off');
  });
  await inRoot({ '/etc/frr/daemons': '# FRR daemons for router r1, rendered by dlan from the topology repo.\nospfd=yes\n' }, async (sys) =>
    assert.match((await checkFrrDaemonsFile(sys))[0]!.message, "is dlan's"));
  await inRoot({ '/etc/frr/daemons': 'ospfd=yes\nospf6d=yes\nbfdd=yes\n' }, async (sys) => assert.is((await checkFrrDaemonsFile(sys))[0]!.severity, 'ok'));
});
distro.run();

const managers = suite('doctor: other network managers on the LAN port (a fake /etc)');
const findingsFor = async (files: Record<string, string | null>): Promise<string[]> => {
  let out: string[] = [];
  await inRoot(files, async (sys) => { out = brief(await checkLanManagers(sys, target())); });
  return out;
};
managers('ifupdown: a DHCP client on the LAN is an error, a static stanza a warning, manual or absent fine', async () => {
  const ifaces = (s: string) => ({ '/etc/network/interfaces': `auto lo\niface lo inet loopback\n\nallow-hotplug eth0\niface eth0 inet dhcp\n${s}` });
  assert.equal(await findingsFor(ifaces('allow-hotplug eth1\niface eth1 inet dhcp\n')), ['error lan:ifupdown']);
  assert.equal(await findingsFor(ifaces('iface eth1 inet static\n  address 10.1.0.1/24\n')), ['warning lan:ifupdown']);
  assert.equal(await findingsFor(ifaces('auto eth1\niface eth1 inet manual\n')), ['ok lan:ifupdown']);
  assert.equal(await findingsFor(ifaces('')), ['ok lan:ifupdown']);
  assert.equal(await findingsFor({ ...ifaces(''), '/etc/network/interfaces.d/lan': 'iface eth1 inet6 auto\n' }), ['error lan:ifupdown']);
});
managers('NetworkManager (enabled) manages the LAN unless unmanaged-devices or ifupdown keeps it off', async () => {
  const nm = { '/etc/systemd/system/multi-user.target.wants/NetworkManager.service': '', '/etc/NetworkManager/NetworkManager.conf': '[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n' };
  assert.equal(await findingsFor(nm), ['warning lan:networkmanager']);
  assert.equal(await findingsFor({ ...nm, '/etc/NetworkManager/conf.d/90-dlan.conf': '[keyfile]\nunmanaged-devices=interface-name:eth1\n' }), ['ok lan:networkmanager']);
  assert.equal(await findingsFor({ ...nm, '/etc/network/interfaces': 'iface eth1 inet manual\n' }), ['ok lan:ifupdown', 'ok lan:networkmanager']);
  assert.equal(await findingsFor({ '/etc/NetworkManager/NetworkManager.conf': '[main]\n' }), [], 'installed but not enabled: not a manager');
});
managers('systemd-networkd (enabled): the first matching .network decides; Unmanaged=yes keeps it off', async () => {
  const nd = { '/etc/systemd/system/multi-user.target.wants/systemd-networkd.service': '', '/etc/systemd/network/20-wired.network': '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n' };
  assert.equal(await findingsFor(nd), ['warning lan:networkd']);
  assert.equal(await findingsFor({ ...nd, '/etc/systemd/network/05-dlan-lan.network': '[Match]\nName=eth1\n\n[Link]\nUnmanaged=yes\n' }), ['ok lan:networkd']);
  assert.equal(await findingsFor({ ...nd, '/etc/systemd/network/20-wired.network': '[Match]\nName=eth0\n' }), ['ok lan:networkd']);
});
managers.run();

// ----------------------------------------------------------------------------- links and sockets

type Ns = { node: NodeNs; root: string; sys: DoctorSystem; socats: number[] };
const live = suite<Ns>('doctor: interfaces and ports (a real namespace, real sockets)');
live.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dld', 'n'));
  ctx.root = await fakeRoot({});
  ctx.sys = localSystem(netnsHost({ net: ctx.node.net, rootDir: ctx.root }));
  ctx.socats = [];
});
live.after(async (ctx) => {
  for (const pid of ctx.socats) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone with the node below */ } }
  if (ctx.node) await removeNode(ctx.node);
  await rm(ctx.root, { recursive: true, force: true });
});

/** A socat listening in the node (as `nobody` when asked), started by PID; resolves once ss shows its socket. */
async function listen(ctx: Ns, proto: 'tcp' | 'udp', address: string, port: number, asNobody = false): Promise<number> {
  const spec = proto === 'tcp' ? `TCP4-LISTEN:${port},bind=${address},reuseaddr` : `UDP4-RECV:${port},bind=${address}`;
  const user = asNobody ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
  const child = spawn('nsenter', [`--net=${ctx.node.net}`, '--', ...user, 'socat', '-u', spec, 'OPEN:/dev/null'], { stdio: 'ignore' });
  ctx.socats.push(child.pid!);
  await waitFor(`socat on ${proto}/${port}`, async () => (await ctx.node.host.run('ss', ['-H', '-lnpu', '-lnpt'])).stdout.includes(`:${port} `), 10_000, 20);
  return child.pid!;
}

live('interfaces: a missing port names its file and field; a WAN that is down is a warning; a LAN that is down is dlan\'s to set up', async (ctx) => {
  const [missing] = await checkInterfaces(ctx.sys, target());
  assert.equal([missing!.severity, missing!.id], ['error', 'interface:wan']);
  assert.match(missing!.message, 'eth0 (routers/r1.yaml: wan.interface) does not exist here (it has: lo)');
  await ctx.node.host.run('ip', ['link', 'add', 'eth0', 'type', 'bridge'], { check: true });
  await ctx.node.host.run('ip', ['link', 'add', 'eth1', 'type', 'bridge'], { check: true });
  assert.equal(brief(await checkInterfaces(ctx.sys, target())), ['warning interface:wan', 'ok interface:lan']);
  await ctx.node.host.run('ip', ['link', 'set', 'eth0', 'up'], { check: true });
  const fs = await checkInterfaces(ctx.sys, target());
  assert.equal(brief(fs), ['ok interface:wan', 'ok interface:lan']);
  assert.match(fs[1]!.message, 'dlan sets it up');
});
live('ports: free ones are ok; a program on a needed port is an error naming it; 443 (no forward) only a warning', async (ctx) => {
  const before = await checkPorts(ctx.sys, target());
  assert.equal(brief(before), ['ok port:udp/53', 'ok port:tcp/53', 'ok port:udp/67', 'ok port:udp/51820', 'ok port:tcp/80', 'ok port:tcp/443']);
  const dhcp = await listen(ctx, 'udp', '0.0.0.0', 67);
  await listen(ctx, 'tcp', '0.0.0.0', 443);
  await listen(ctx, 'udp', '127.0.0.53', 53); // systemd-resolved's stub: not an address dnsmasq binds
  const fs = await checkPorts(ctx.sys, target());
  assert.equal(brief(fs), ['ok port:udp/53', 'ok port:tcp/53', 'error port:udp/67', 'ok port:udp/51820', 'ok port:tcp/80', 'warning port:tcp/443']);
  const f = fs.find((x) => x.id === 'port:udp/67')!;
  assert.is(f.message, `udp/67, needed by dnsmasq (DHCP), is taken by socat (pid ${dhcp}) on every address`);
  assert.match(f.fix!, 'stop socat');
  // The same socket held by one of dlan's own daemons is fine.
  assert.is((await checkPorts(ctx.sys, target({ own: async () => ({ pids: new Set([dhcp]), running: new Set(['dnsmasq'] as const) }) }))).find((x) => x.id === 'port:udp/67')!.severity, 'ok');
  // An address dnsmasq binds collides.
  await listen(ctx, 'udp', '127.0.0.1', 53);
  assert.is((await checkPorts(ctx.sys, target())).find((x) => x.id === 'port:udp/53')!.severity, 'error');
});
live('ports: a socket whose owner ss cannot see (a daemon of another user, the agent without CAP_SYS_PTRACE) is dlan\'s when its daemon runs', async (ctx) => {
  await ctx.node.host.run('sysctl', ['-qw', 'net.ipv4.ip_unprivileged_port_start=0'], { check: true });
  await listen(ctx, 'udp', '0.0.0.0', 547, true);
  const sys = localSystem(interceptHost(ctx.sys.host, (cmd, a) =>
    (cmd === 'ss' ? ctx.sys.host.run('setpriv', ['--bounding-set=-sys_ptrace', '--inh-caps=-sys_ptrace', 'ss', ...a]) : undefined)));
  const dual = topo().router('r1', {
    id: 1, endpoint: '203.0.113.1:51820', lan: { interface: 'eth1', ipv6: 'fd00:1::/64' },
  }).slice('r1');
  const t = (running: readonly ('dnsmasq' | 'nginx')[]): DoctorTarget => ({ ...target(), router: { slice: dual, source: 'test' }, own: async () => ({ pids: new Set(), running: new Set(running) }) });
  const hidden = (await checkPorts(sys, t([]))).find((x) => x.id === 'port:udp/547')!;
  assert.equal([hidden.severity, hidden.message], ['error', 'udp/547, needed by dnsmasq (DHCPv6), is taken by the kernel or a process dlan cannot see on every address']);
  assert.is((await checkPorts(sys, t(['dnsmasq']))).find((x) => x.id === 'port:udp/547')!.severity, 'ok');
  assert.is((await checkPorts(sys, t(['nginx']))).find((x) => x.id === 'port:udp/547')!.severity, 'error');
});
live.run();
