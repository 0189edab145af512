import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAgentConfig, parseDuration } from '../../reconciler/agent-config.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { httpsFormOfSsh } from '../../reconciler/repo-url.js';

const cfg = suite('agent.yaml');
cfg('fills defaults', () => {
  const r = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: 'router: r1\nrepo: { url: https://git.example/net.git }\ntrust: { allowedSigners: /etc/dlan/allowed_signers }\n' });
  assert.equal(r.diagnostics, []);
  assert.is(r.config?.repo.branch, 'main');
  assert.is(r.config?.schedule.intervalMs, 60_000);
  assert.is(r.config?.rollback.windowMs, 120_000);
  assert.is(r.config?.serviceManager, 'systemd');
  assert.is(r.config?.stateDir, '/var/lib/dlan');
  assert.is(r.config?.repo.maxFetchBytes, 64 * 1024 * 1024);
});
cfg('repo.maxFetchSize is read in bytes; a size without a unit is refused with its line', () => {
  const ok = parseAgentConfig({ path: 'agent.yaml', text: 'router: r1\nrepo: { url: /srv/net, maxFetchSize: 4MB }\ntrust: { allowedSigners: /a }\n' });
  assert.is(ok.config?.repo.maxFetchBytes, 4 * 1024 * 1024);
  const bad = parseAgentConfig({ path: 'agent.yaml', text: 'router: r1\nrepo: { url: /srv/net, maxFetchSize: 64 }\ntrust: { allowedSigners: /a, maxClockSkew: 1d }\n' });
  assert.equal(bad.diagnostics.map((d) => `${d.line} ${formatDiagnostic(d).split(': ')[1]}`), ['2 repo.maxFetchSize', '3 trust.maxClockSkew']);
});
cfg('is checked like the topology: file, line, field', () => {
  const r = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: 'router: r1\nrepo: { url: ftp://x }\ntrust: {}\nschedule: { interval: soon }\n' });
  assert.equal(r.diagnostics.map(formatDiagnostic), [
    '/etc/dlan/agent.yaml:2:14: repo.url: must be an http(s) URL or an absolute path, e.g. https://git.example.org/network.git, not "ftp://x" [Schema]',
    '/etc/dlan/agent.yaml:4:23: schedule.interval: must be a duration: a whole number with ms, s, m or h, e.g. 60s, not "soon" [Schema]',
  ]);
});
cfg('refuses a config that trusts nobody', () => {
  const r = parseAgentConfig({ path: 'agent.yaml', text: 'router: r1\nrepo: { url: /srv/net }\ntrust: { verify: tip }\n' });
  assert.equal(r.diagnostics.map((d) => d.code), ['NoTrustRoot']);
});
cfg('durations', () => {
  assert.is(parseDuration('250ms'), 250);
  assert.is(parseDuration('2m'), 120_000);
  assert.throws(() => parseDuration('2 minutes'));
});
cfg.run();

const ssh = suite('agent.yaml: SSH repo URLs');
const withUrl = (url: string) => parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: `router: r1\nrepo: { url: "${url}" }\ntrust: { allowedSigners: /etc/dlan/allowed_signers }\n` });
ssh('git@host:path is refused naming the field, with the HTTPS form and the token to use', () => {
  const r = withUrl('git@github.com:acme/net.git');
  assert.is(r.config, undefined);
  assert.equal(r.diagnostics.map((d) => [d.code, d.field, d.line]), [['SshRepoUrl', 'repo.url', 2]]);
  const text = formatDiagnostic(r.diagnostics[0]!);
  assert.match(text, '/etc/dlan/agent.yaml:2:');
  assert.match(text, 'Use https://github.com/acme/net.git with tokenFile');
  assert.match(text, 'deploy token');
});
ssh('ssh:// URLs (with user and port) get the HTTPS form of the same host and path', () => {
  const r = withUrl('ssh://git@git.example.org:2222/infra/net.git');
  assert.equal(r.diagnostics.map((d) => d.code), ['SshRepoUrl']);
  assert.match(r.diagnostics[0]!.message, 'Use https://git.example.org/infra/net.git with tokenFile');
});
ssh('HTTPS URLs and local paths are not SSH', () => {
  assert.equal(withUrl('https://git.example.org/infra/net.git').diagnostics, []);
  assert.equal(withUrl('/srv/git/net.git').diagnostics, []);
  assert.equal(httpsFormOfSsh('http://user@host:8080/x.git'), undefined);
  assert.is(httpsFormOfSsh('forgejo@codeberg.org:acme/net.git'), 'https://codeberg.org/acme/net.git');
});
ssh('other errors in the file are still reported with it', () => {
  const r = parseAgentConfig({ path: 'agent.yaml', text: 'router: R1\nrepo: { url: "git@h:x.git" }\ntrust: { allowedSigners: /a }\n' });
  assert.equal(r.diagnostics.map((d) => d.field).sort(), ['repo.url', 'router']);
});
ssh.run();

const wg = suite('agent.yaml: wireguard');
wg('defaults to auto; kernel and userspace are accepted; anything else is an error naming the field', () => {
  const base = 'router: r1\nrepo: { url: /srv/net }\ntrust: { allowedSigners: /a }\n';
  assert.is(parseAgentConfig({ path: 'a.yaml', text: base }).config?.wireguard, 'auto');
  assert.is(parseAgentConfig({ path: 'a.yaml', text: `${base}wireguard: kernel\n` }).config?.wireguard, 'kernel');
  assert.is(parseAgentConfig({ path: 'a.yaml', text: `${base}wireguard: userspace\n` }).config?.wireguard, 'userspace');
  const bad = parseAgentConfig({ path: 'a.yaml', text: `${base}wireguard: boringtun\n` });
  assert.equal(bad.diagnostics.map((d) => d.field), ['wireguard']);
});
wg.run();
