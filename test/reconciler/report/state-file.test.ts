import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHost, type Host } from '../../../reconciler/host.js';
import { readStateFile, ReportError, writeStateFile, type RouterState } from '../../../reconciler/report/index.js';

const STATE: RouterState = {
  version: 1, router: 'r1',
  applied: { commit: 'a'.repeat(40), at: 1_800_000_000 },
  lastAttempt: { commit: 'b'.repeat(40), outcome: 'failure', at: 1_800_000_100, description: 'nginx -t refused the config' },
  lastError: { commit: 'b'.repeat(40), code: 'CheckFailed', message: 'nginx: [emerg] unknown directive', at: 1_800_000_100 },
};

const sf = suite<{ dir: string; host: Host }>('writeStateFile / readStateFile');
sf.before.each(async (c) => { c.dir = await mkdtemp(join(tmpdir(), 'dlx-state-')); c.host = localHost({ rootDir: c.dir }); });
sf.after.each(async (c) => { await rm(c.dir, { recursive: true, force: true }); });
sf('round-trips under the state dir, readable by everyone (no secret in it)', async ({ host }) => {
  await writeStateFile(host, STATE);
  assert.equal(await readStateFile(host), STATE);
  assert.is((await host.stat('/var/lib/dlan/state.json'))!.mode, 0o644);
  await writeStateFile(host, STATE, '/srv/dlan/');
  assert.equal(await readStateFile(host, '/srv/dlan'), STATE);
});
sf('no file yet reads as undefined; a file dlan would not write is StateFileCorrupt', async ({ host }) => {
  assert.is(await readStateFile(host), undefined);
  for (const text of ['{"version":1', '{"version":2,"router":"r1"}', '[]']) {
    await host.writeFileAtomic('/var/lib/dlan/state.json', text, 0o644);
    try {
      await readStateFile(host);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, ReportError);
      assert.is((e as ReportError).code, 'StateFileCorrupt');
    }
  }
});
sf.run();
