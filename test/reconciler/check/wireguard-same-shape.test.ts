import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { checkFiles, checkWireguard, isWireguardEndpoint, isWireguardKey, wireguardCheckNeeded } from '../../../reconciler/check/index.js';
import { withFile } from '../../support/desired.js';
import { desiredState } from '../../support/desired.js';
import { fileOf, renderedSample } from '../../support/rendered.js';

const sample = await renderedSample();
const running = fileOf(sample.get('r4')!, '/etc/dlan/wg-dlan.conf');
const firstKey = /^PublicKey = (.*)$/m.exec(running)![1]!;
const firstEndpoint = /^Endpoint = (.*)$/m.exec(running)![1]!;
const newKey = execFileSync('wg', ['pubkey'], { input: execFileSync('wg', ['genkey']) }).toString().trim();

const rule = suite('wireguardCheckNeeded');
rule('a peer re-keyed or moved to another endpoint, comments renamed: no check', () => {
  const next = running.replace(firstKey, newKey).replace(firstEndpoint, '198.51.100.77:51900').replace(/^# r1$/m, '# r1-new');
  assert.is.not(next, running);
  assert.is(wireguardCheckNeeded(running, next), false);
});
rule('an endpoint by host name or IPv6 literal: no check', () => {
  assert.is(wireguardCheckNeeded(running, running.replace(firstEndpoint, 'r9.example.org:51820')), false);
  assert.is(wireguardCheckNeeded(running, running.replace(firstEndpoint, '[2001:db8::4]:51820')), false);
});
rule('a key wg would refuse (wrong length, padding bits set) or an endpoint without a port: checked', () => {
  assert.is(wireguardCheckNeeded(running, running.replace(firstKey, newKey.slice(1))), true);
  assert.is(wireguardCheckNeeded(running, running.replace(firstKey, `${newKey.slice(0, 42)}B=`)), true);
  assert.is(wireguardCheckNeeded(running, running.replace(firstEndpoint, '198.51.100.77')), true);
  assert.is(wireguardCheckNeeded(running, running.replace(firstEndpoint, '198.51.100.77:70000')), true);
});
rule('anything else changed (AllowedIPs, a peer added, the port), or nothing running: checked', () => {
  assert.is(wireguardCheckNeeded(running, running.replace(/AllowedIPs = [^\n]*/, 'AllowedIPs = 10.255.64.9/32')), true);
  assert.is(wireguardCheckNeeded(running, `${running}\n[Peer]\nPublicKey = ${newKey}\nAllowedIPs = 10.255.64.9/32\n`), true);
  assert.is(wireguardCheckNeeded(running, running.replace(/ListenPort = \d+/, 'ListenPort = 51999')), true);
  assert.is(wireguardCheckNeeded(undefined, running), true);
});
rule.run();

const agree = suite('the rule agrees with wg');
agree('every key the rule takes, `wg pubkey` takes, and the other way round', () => {
  const wgTakes = (k: string) => { try { execFileSync('wg', ['pubkey'], { input: `${k}\n`, stdio: ['pipe', 'pipe', 'ignore'] }); return true; } catch { return false; } };
  for (const k of [newKey, firstKey, `${newKey.slice(0, 42)}B=`, `${newKey.slice(0, 42)}E=`, newKey.slice(1), `${newKey.slice(0, 43)}A`, `${newKey.slice(0, 41)}-A=`]) {
    assert.is(isWireguardKey(k), wgTakes(k), k);
  }
});
agree('a change the rule lets through is one the real checker accepts', async () => {
  const next = running.replace(firstKey, newKey).replace(firstEndpoint, 'r9.example.org:51900');
  assert.is(wireguardCheckNeeded(running, next), false);
  assert.ok((await checkWireguard(next)).ok);
});
agree('isWireguardEndpoint: host:port, [v6]:port; not a bare host, not a bad port', () => {
  assert.ok(isWireguardEndpoint('203.0.113.4:51820'));
  assert.ok(isWireguardEndpoint('[2001:db8::1]:1'));
  assert.not.ok(isWireguardEndpoint('2001:db8::1:51820'));
  assert.not.ok(isWireguardEndpoint('host'));
  assert.not.ok(isWireguardEndpoint('host:'));
});
agree.run();

const files = suite('checkFiles with the running files');
files('a WireGuard file that only re-keys a peer is not checked; a broken one still is', async () => {
  const wg = desiredState().files.find((f) => f.service === 'wireguard')!;
  const desired = withFile(desiredState(), wg.path, running.replace(firstKey, newKey));
  const only = desired.files.filter((f) => f.service === 'wireguard');
  assert.ok((await checkFiles(only, {}, () => running)).ok);
  // AllowedIPs nonsense: the shape changed, so the checker runs and rejects it.
  const broken = withFile(desired, wg.path, running.replace(/AllowedIPs = [^\n]*/, 'AllowedIPs = nonsense'));
  const r = await checkFiles(broken.files.filter((f) => f.service === 'wireguard'), {}, () => running);
  assert.not.ok(r.ok);
  assert.is(r.errors[0]!.service, 'wireguard');
});
files.run();
