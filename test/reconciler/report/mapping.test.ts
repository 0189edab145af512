import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { authHeader, failureOutcome, forgeState, ReportError, statusRequest, targetId, truncate, type CommitStatus, type Outcome } from '../../../reconciler/report/index.js';
import { Internal, Stalled, Transient } from '../../../model/errors.js';
import { ConfigRejected } from '../../../reconciler/check/rejected.js';
import { HostError } from '../../../reconciler/host.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const status = (o: Partial<CommitStatus> = {}): CommitStatus => ({ sha: SHA, context: 'dlan/r1', outcome: 'pending', description: 'applying', ...o });
const GH = { forge: 'github', owner: 'home', repo: 'net', tokenFile: '/t' } as const;
const GT = { forge: 'gitea', url: 'https://git.example.org/', owner: 'home', repo: 'net', tokenFile: '/t' } as const;
const GL = { forge: 'gitlab', url: 'https://gitlab.example.org', project: 'home/net', tokenFile: '/t' } as const;

const states = suite('forgeState');
states('each outcome in each forge\'s words', () => {
  const outcomes: Outcome[] = ['pending', 'success', 'failure', 'error', 'superseded'];
  assert.equal(outcomes.map((o) => forgeState('github', o)), ['pending', 'success', 'failure', 'error', 'error']);
  assert.equal(outcomes.map((o) => forgeState('gitea', o)), ['pending', 'success', 'failure', 'error', 'error']);
  assert.equal(outcomes.map((o) => forgeState('gitlab', o)), ['running', 'success', 'failed', 'failed', 'canceled']);
});
states.run();

const failures = suite('failureOutcome');
failures('follows from the error\'s class: Stalled failure, Transient pending, Internal error', () => {
  assert.is(failureOutcome(new Stalled('Unsigned', 'commit 1a2b3c4 is not signed')), 'failure');
  assert.is(failureOutcome(new ConfigRejected({ service: 'nginx', file: '/etc/dlan/nginx.conf', message: 'unknown directive', stderr: '' })), 'failure');
  assert.is(failureOutcome(new Transient('SourceUnreachable', 'list refs: ECONNREFUSED')), 'pending');
  assert.is(failureOutcome(new HostError('CommandTimedOut', 'ip: no exit after 60000 ms', { host: 'local:/' })), 'pending');
  assert.is(failureOutcome(new Internal('BadPlan', 'no frr configuration in the desired state')), 'error');
  assert.is(failureOutcome(new ReportError('StateFileCorrupt', 'state.json: not JSON', {})), 'error');
});
failures('a dlan bug or an error outside the scheme is error, never the commit\'s failure', () => {
  assert.is(failureOutcome(new TypeError("Cannot read properties of undefined (reading 'commit')")), 'error');
  assert.is(failureOutcome(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })), 'error');
});
failures.run();

const trunc = suite('truncate');
trunc('counts characters, not bytes, and marks the cut', () => {
  assert.is(truncate('abc', 3), 'abc');
  assert.is(truncate('abcd', 3), 'ab…');
  assert.is(truncate('ééééé', 4), 'ééé…');
  assert.is(truncate('x'.repeat(500), undefined), 'x'.repeat(500));
});
trunc.run();

const req = suite('statusRequest');
req('GitHub: /repos/{owner}/{repo}/statuses/{sha}, context, description cut to 140', () => {
  const r = statusRequest(GH, status({ description: 'd'.repeat(200), targetUrl: 'https://ci/1' }));
  assert.is(r.url, `https://api.github.com/repos/home/net/statuses/${SHA}`);
  assert.equal(Object.keys(r.body).sort(), ['context', 'description', 'state', 'target_url']);
  assert.is([...r.body.description!].length, 140);
  assert.is(r.body.context, 'dlan/r1');
  assert.is(statusRequest({ ...GH, apiUrl: 'https://ghe.example.org/api/v3/' }, status()).url, `https://ghe.example.org/api/v3/repos/home/net/statuses/${SHA}`);
});
req('Gitea: /api/v1/repos/{owner}/{repo}/statuses/{sha}, context, description as is', () => {
  const r = statusRequest(GT, status({ outcome: 'failure', description: 'd'.repeat(200) }));
  assert.is(r.url, `https://git.example.org/api/v1/repos/home/net/statuses/${SHA}`);
  assert.equal(r.body, { state: 'failure', description: 'd'.repeat(200), context: 'dlan/r1' });
});
req('GitLab: /api/v4/projects/{id}/statuses/{sha}, name, fields within 255, a too long URL dropped', () => {
  const r = statusRequest(GL, status({ description: 'd'.repeat(300), targetUrl: `https://x/${'u'.repeat(300)}` }));
  assert.is(r.url, `https://gitlab.example.org/api/v4/projects/home%2Fnet/statuses/${SHA}`);
  assert.equal(Object.keys(r.body).sort(), ['description', 'name', 'state']);
  assert.is(r.body.state, 'running');
  assert.is(r.body.name, 'dlan/r1');
  assert.is([...r.body.description!].length, 255);
  assert.is(statusRequest({ ...GL, project: 42 }, status({ targetUrl: 'https://ci/1' })).body.target_url, 'https://ci/1');
});
req.run();

const auth = suite('authHeader / targetId');
auth('the documented header per forge; a stable id per target', () => {
  assert.equal(authHeader('github', 'T'), ['Authorization', 'Bearer T']);
  assert.equal(authHeader('gitea', 'T'), ['Authorization', 'token T']);
  assert.equal(authHeader('gitlab', 'T'), ['PRIVATE-TOKEN', 'T']);
  assert.equal([targetId(GH), targetId(GT), targetId(GL)], ['github:home/net', 'gitea:https://git.example.org#home/net', 'gitlab:https://gitlab.example.org#home/net']);
});
auth.run();
