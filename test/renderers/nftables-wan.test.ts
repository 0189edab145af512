/**
 * The status API and the home page are never reachable from the WAN (issue 17): r1's rendered
 * ruleset loaded with the real nft in a namespace `dlw<pid>r` with its WAN (eth0) and LAN (eth1),
 * a WAN neighbour `…w` that routes r1's LAN and loopback through r1's WAN address (the worst case:
 * the ISP box or anyone on the WAN segment), and a LAN host `…l`. Listeners (socat) stand in for
 * the agent on the LAN address (port 80 and the status API port) and on the overlay loopback.
 * The control: before the ruleset is loaded, the WAN side does connect, so a refusal is nft's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../reconciler/host/spawn.js';
import { nftablesConfig } from '../../renderers/nftables.js';
import { slice } from '../../model/slice.js';
import { sampleTopology } from '../support/sample.js';

const P = `dlw${process.pid}`;
const [R, W, L] = [`${P}r`, `${P}w`, `${P}l`];
const t = await sampleTopology();
const API = t.network.agentApi.port;

async function ip(...args: string[]): Promise<void> {
  const r = await runCommand('local', 'ip', args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

/** True when a TCP connection from `ns` to host:port gets the listener's greeting. */
async function reaches(ns: string, host: string, port: number): Promise<boolean> {
  const r = await runCommand('local', 'ip', ['netns', 'exec', ns, 'socat', '-T', '2', '-', `TCP:${host}:${port},connect-timeout=2`], { timeoutMs: 10_000, stdin: '' });
  return r.stdout.includes('dlan-page');
}

const wan = suite('nftables: the status API and the page are closed to the WAN (real nft, three namespaces)');
const children: ChildProcess[] = [];
let dir = '';
wan.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlan-nft-'));
  for (const ns of [R, W, L]) { await ip('netns', 'add', ns); await ip('-n', ns, 'link', 'set', 'lo', 'up'); }
  await ip('link', 'add', `${P}a`, 'type', 'veth', 'peer', 'name', `${P}b`);
  await ip('link', 'add', `${P}c`, 'type', 'veth', 'peer', 'name', `${P}d`);
  await ip('link', 'set', `${P}a`, 'netns', R, 'name', 'eth0');
  await ip('link', 'set', `${P}b`, 'netns', W, 'name', 'w0');
  await ip('link', 'set', `${P}c`, 'netns', R, 'name', 'eth1');
  await ip('link', 'set', `${P}d`, 'netns', L, 'name', 'l0');
  for (const [ns, dev, addr] of [[R, 'eth0', '192.168.1.10/24'], [R, 'eth1', '10.1.0.1/24'], [W, 'w0', '192.168.1.1/24'], [L, 'l0', '10.1.0.50/24']] as const) {
    await ip('-n', ns, 'addr', 'add', addr, 'dev', dev);
    await ip('-n', ns, 'link', 'set', dev, 'up');
  }
  await ip('-n', R, 'addr', 'add', '10.255.0.1/32', 'dev', 'lo');
  await ip('-n', W, 'route', 'add', '10.1.0.0/24', 'via', '192.168.1.10');
  await ip('-n', W, 'route', 'add', '10.255.0.1/32', 'via', '192.168.1.10');
  await ip('-n', L, 'route', 'add', 'default', 'via', '10.1.0.1');
  for (const [host, port] of [['10.1.0.1', 80], ['10.1.0.1', API], ['10.255.0.1', API]] as const) {
    const c = spawn('ip', ['netns', 'exec', R, 'socat', `TCP-LISTEN:${port},bind=${host},fork,reuseaddr`, 'SYSTEM:echo dlan-page'], { stdio: 'ignore' });
    children.push(c);
  }
  const deadline = Date.now() + 10_000;
  while (!(await reaches(L, '10.255.0.1', API))) {
    if (Date.now() > deadline) throw new Error('the listeners did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
});
wan.after(async () => {
  for (const c of children) if (c.exitCode === null && c.pid) { const gone = new Promise((r) => c.once('exit', r)); c.kill('SIGTERM'); await gone; }
  for (const ns of [R, W, L]) await runCommand('local', 'ip', ['netns', 'del', ns], { timeoutMs: 10_000 });
  await rm(dir, { recursive: true, force: true });
});

const targets = [['10.1.0.1', 80], ['10.1.0.1', API], ['10.255.0.1', API]] as const;

wan('control: without the ruleset the WAN side connects (the routes are real)', async () => {
  for (const [h, p] of targets) assert.ok(await reaches(W, h, p), `${h}:${p} from the WAN before nft`);
});
wan('with r1\'s ruleset: the LAN reaches the page and the API, the WAN reaches neither', async () => {
  const file = join(dir, 'r1.nft');
  await writeFile(file, nftablesConfig(slice(t, 'r1')));
  const r = await runCommand('local', 'ip', ['netns', 'exec', R, 'nft', '-f', file], { timeoutMs: 10_000 });
  assert.is(r.code, 0, r.stderr);
  for (const [h, p] of targets) {
    assert.ok(await reaches(L, h, p), `${h}:${p} from the LAN`);
    assert.not.ok(await reaches(W, h, p), `${h}:${p} from the WAN`);
  }
});
wan('the rendered WAN chain of every router accepts neither the status API port nor port 80 unless a forward asks for 80', () => {
  for (const r of t.routers) {
    const chain = nftablesConfig(slice(t, r.name)).split('\tchain wan_input {')[1]!.split('\t}')[0]!;
    assert.not.match(chain, String(API), r.name);
    const forwards80 = t.services.some((s) => s.exposeOn.includes(r.name) && s.forwards.some((f) => f.port === 80));
    assert.is(/dport \{?[^}\n]*\b80\b/.test(chain), forwards80, `${r.name}: port 80 open on the WAN only for a forward`);
  }
});
wan.run();
