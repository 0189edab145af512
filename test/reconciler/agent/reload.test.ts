import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../support/paths.js';

/**
 * The real `dlan agent` re-reads its config file when it changes, and keeps the last good one
 * when the new one is invalid. Its repo URLs point nowhere, so every reconcile stops at
 * fetchSource, naming the URL it tried: that shows which config is in use. Nothing else runs.
 */
const reload = suite('dlan agent: config changes');

const config = (dir: string, repo: string, router = 'r1') => `router: ${router}
repo: { url: ${join(dir, repo)} }
trust: { allowedSigners: ${join(dir, 'allowed_signers')} }
stateDir: ${join(dir, 'state')}
api: { socket: ${join(dir, 'agent.sock')} }
root: ${join(dir, 'root')}
serviceManager: process
schedule: { interval: 1h, jitter: 0s }
log: json
`;

reload('a changed config is used at once; an invalid one is refused and the last good one kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-agent-reload-'));
  const file = join(dir, 'agent.yaml');
  await writeFile(join(dir, 'allowed_signers'), '');
  await writeFile(file, config(dir, 'repo-a'));
  const agent = spawn(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'agent', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  agent.stderr.on('data', (d) => (log += d));
  const events = () => log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 60_000;  // generous: a loaded machine starts node slowly
    while (!ok()) {
      if (Date.now() > deadline || agent.exitCode !== null) throw new Error(`timed out waiting for ${what}; log:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const reconciledWith = (repo: string) => events().some((e) => e.event === 'reconciled' && String(e.message).includes(repo));
  try {
    await until('a first reconcile with repo-a', () => reconciledWith('repo-a'));
    // At start, before the first reconcile: the WireGuard chosen, then the doctor's findings (logged, not fatal).
    const names = events().map((e) => String(e.event));
    const at = (n: string) => names.indexOf(n);
    assert.ok(at('wireguard') >= 0 && at('wireguard') < at('doctor-summary') && at('doctor-summary') < at('reconcile-start'), names.join(' '));
    const summary = events().find((e) => e.event === 'doctor-summary')!;
    assert.ok(typeof summary.errors === 'number' && typeof summary.warnings === 'number');
    assert.ok(events().some((e) => e.event === 'doctor' && e.check === 'topology' && typeof e.fix === 'string'), 'no topology fetched yet: said, with what to do');
    await writeFile(file, config(dir, 'repo-b'));
    await until('a reconcile with repo-b', () => reconciledWith('repo-b'));
    assert.ok(events().some((e) => e.event === 'config-reloaded'));
    await writeFile(file, config(dir, 'repo-c', 'Not A Name!'));
    await until('the invalid config refused', () => events().some((e) => e.event === 'config-invalid'));
    assert.not.ok(reconciledWith('repo-c'));
    assert.is(agent.exitCode, null, 'the agent keeps running');
    const exited = new Promise<number | null>((r) => agent.once('close', r));
    agent.kill('SIGTERM');
    assert.is(await exited, 0);
  } finally {
    if (agent.exitCode === null) agent.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
reload.run();
