import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../../reconciler/host/spawn.js';
import {
  assertAccepted, CheckerUnavailable, checkDnsmasq, checkerFor, checkFiles, checkFrr, checkNftables, checkNginx, checkWireguard, ConfigRejected,
} from '../../../reconciler/check/index.js';
import { withFile } from '../../support/desired.js';
import { fileOf, renderedSample } from '../../support/rendered.js';

const sample = await renderedSample();
const r4 = sample.get('r4')!;

/** `content` with line `n` (1-based) replaced. */
const breakLine = (content: string, n: number, by: string): string => content.split('\n').map((l, i) => (i === n - 1 ? by : l)).join('\n');
const lineOf = (content: string, needle: string): number => content.split('\n').findIndex((l) => l.includes(needle)) + 1;

function onlyError(r: { ok: boolean; errors: readonly ConfigRejected[] }): ConfigRejected {
  assert.not.ok(r.ok);
  assert.is(r.errors.length, 1, r.errors.map((e) => e.message).join('\n'));
  const e = r.errors[0]!;
  assert.instance(e, ConfigRejected);
  assert.is(e.code, 'ConfigRejected');
  assert.is(e.kind, 'Stalled');
  assert.not.match(e.stderr, 'dlan-check-', 'the temp path is mapped back to the logical one');
  return e;
}

const nginx = suite('checkNginx (nginx -t)');
nginx('accepts the rendered stream config although /run/dlan does not exist (private /run)', async () => {
  assert.equal(await checkNginx(fileOf(r4, '/etc/dlan/nginx.conf')), { ok: true, errors: [] });
});
nginx('a misspelt directive: rejected with file, line and nginx\'s message', async () => {
  const good = fileOf(r4, '/etc/dlan/nginx.conf');
  const n = lineOf(good, 'proxy_timeout 60s;');
  const e = onlyError(await checkNginx(breakLine(good, n, '        proxy_timeot 60s;')));
  assert.is(e.file, '/etc/dlan/nginx.conf');
  assert.is(e.line, n);
  assert.match(e.message, `/etc/dlan/nginx.conf:${n}: nginx rejects it: unknown directive "proxy_timeot"`);
  assert.match(e.stderr, `in /etc/dlan/nginx.conf:${n}`);
});
nginx('without the absolute load_module the stream block is unknown', async () => {
  const e = onlyError(await checkNginx(fileOf(r4, '/etc/dlan/nginx.conf').replace(/^load_module .*$/m, '# no module')));
  assert.match(e.message, 'unknown directive "stream"');
});
nginx('nginx itself accepts proxy_protocol on a UDP listener: only dlan stands between it and broken datagrams', async () => {
  const text = fileOf(r4, '/etc/dlan/nginx.conf').replace('listen 27015 udp reuseport;', 'listen 27015 udp reuseport;\n        proxy_protocol on;');
  assert.ok((await checkNginx(text)).ok);
});
nginx.run();

const dnsmasq = suite('checkDnsmasq (dnsmasq --test)');
dnsmasq('accepts the rendered config; a bad dhcp-range is rejected at its line', async () => {
  const good = fileOf(sample.get('r1')!, '/etc/dnsmasq.d/dlan.conf');
  assert.ok((await checkDnsmasq(good)).ok);
  const n = lineOf(good, 'dhcp-range=10.1.0.100');
  const e = onlyError(await checkDnsmasq(breakLine(good, n, 'dhcp-range=10.1.0.100,nonsense')));
  assert.is(e.line, n);
  assert.is(e.message, `/etc/dnsmasq.d/dlan.conf:${n}: dnsmasq rejects it: bad dhcp-range`);
});
dnsmasq.run();

const frr = suite('checkFrr (vtysh -C -f)');
frr('accepts the rendered config; reports every unknown command with its line', async () => {
  const good = fileOf(r4, '/etc/frr/frr.conf');
  assert.ok((await checkFrr(good)).ok);
  const a = lineOf(good, ' ip ospf network point-to-point');
  const b = lineOf(good, ' ipv6 ospf6 passive');
  const r = await checkFrr(breakLine(breakLine(good, a, ' ip ospf network pointy'), b, ' ipv6 ospf6 pasive'));
  assert.not.ok(r.ok);
  assert.equal(r.errors.map((e) => e.line), [a, b]);
  assert.match(r.errors[0]!.message, 'Unknown command');
});
frr.run();

const nft = suite('checkNftables (nft -c -f, private netns)');
nft('accepts the rendered ruleset; a typo and an unknown set are rejected at their lines', async () => {
  const good = fileOf(r4, '/etc/dlan/nftables.nft');
  assert.ok((await checkNftables(good)).ok);
  const n = lineOf(good, 'iifname "wg-dlan" drop');
  assert.is(onlyError(await checkNftables(breakLine(good, n, '\t\tiifname "wg-dlan" dorp'))).line, n);
  const m = lineOf(good, 'meta l4proto ospf');
  const e = onlyError(await checkNftables(breakLine(good, m, '\t\tmeta l4proto ospf iifname != @nolinks drop')));
  assert.is(e.line, m);
});
nft.run();

const wg = suite('checkWireguard (wg setconf on a throwaway wireguard-go)');
wg('accepts the rendered config', async () => {
  assert.ok((await checkWireguard(fileOf(r4, '/etc/dlan/wg-dlan.conf'))).ok);
});
wg('a bad public key is rejected at the line that holds it', async () => {
  const good = fileOf(r4, '/etc/dlan/wg-dlan.conf');
  const n = lineOf(good, 'PublicKey = ');
  const e = onlyError(await checkWireguard(breakLine(good, n, 'PublicKey = not-a-key')));
  assert.is(e.line, n);
  assert.match(e.message, 'Key is not the correct length or format');
});
wg('an endpoint given by host name is accepted without DNS', async () => {
  const text = '[Interface]\nListenPort = 51820\n\n[Peer]\nPublicKey = XEaZ56cpYXQdS+4lK+II2l5CpNMLpi4zuNykjTZjKxg=\nAllowedIPs = 10.255.64.4/32\nEndpoint = vpn.example.com:51820\n';
  assert.ok((await checkWireguard(text)).ok);
});
wg('a kernel router checks on a kernel interface (no wireguard-go needed); without the module the checker says so', async () => {
  const kernel = (await runCommand('local', 'unshare', ['--net', '--', 'ip', 'link', 'add', 'x', 'type', 'wireguard'])).code === 0;
  const good = fileOf(r4, '/etc/dlan/wg-dlan.conf');
  if (kernel) {
    assert.ok((await checkWireguard(good, undefined, { wireguard: 'kernel' })).ok);
    return;
  }
  try {
    await checkWireguard(good, undefined, { wireguard: 'kernel' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, CheckerUnavailable);
    assert.match((e as Error).message, 'Unknown device type');
  }
});
wg.run();

const files = suite('checkFiles / assertAccepted');
files('picks a checker per file: none for FRR\'s daemons file and sysctl', () => {
  assert.ok(checkerFor({ path: '/etc/frr/frr.conf', service: 'frr' }));
  assert.is(checkerFor({ path: '/etc/frr/daemons', service: 'frr' }), undefined);
  assert.is(checkerFor({ path: '/etc/sysctl.d/90-dlan.conf', service: 'sysctl' }), undefined);
});
files('one broken file among good ones: not ok, one ConfigRejected, and assertAccepted throws it', async () => {
  const broken = withFile(r4, '/etc/dnsmasq.d/dlan.conf', `${fileOf(r4, '/etc/dnsmasq.d/dlan.conf')}no-such-option\n`);
  const r = await checkFiles(broken.files);
  const e = onlyError(r);
  assert.is(e.service, 'dnsmasq');
  try {
    assertAccepted(r);
    assert.unreachable('assertAccepted returned');
  } catch (err) {
    assert.is(err, e);
    assert.equal((err as ConfigRejected).toJSON().data, { service: 'dnsmasq', file: '/etc/dnsmasq.d/dlan.conf', line: e.line, stderr: e.stderr });
  }
  assertAccepted(await checkFiles(r4.files));
});
files.run();
