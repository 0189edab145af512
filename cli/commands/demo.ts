import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlan } from '../../reconciler/plan/render-plan.js';
import { type Command } from '../command.js';
import { fromPackage } from '../package-root.js';
import { inspect } from './inspect.js';
import { previewPlan } from './plan.js';
import { validate } from './validate.js';

/**
 * `npm run demo`: dlan's main job on the bundled sample, without changing this machine:
 * validate the topology, show what a router derives from it, and plan each router against an
 * empty root (what a first apply would do). `dlan lab up` runs the real thing in namespaces.
 */
export const demo: Command = {
  name: 'demo',
  summary: 'Run dlan on the bundled sample network without changing this machine.',
  options: {},
  async run(_args, io) {
    const repo = fromPackage('sample-repo');
    io.stdout(`$ dlan validate sample-repo\n`);
    const rc = await validate.run({ values: {}, positionals: [repo] }, io);
    if (rc !== 0) return rc;
    io.stdout(`\n$ dlan inspect sample-repo --router r2\n`);
    await inspect.run({ values: { router: 'r2' }, positionals: [repo] }, io);
    const root = await mkdtemp(join(tmpdir(), 'dlan-demo-'));
    try {
      for (const router of ['r1', 'r2', 'r3', 'r4', 'r5']) {
        const full = router === 'r4';
        io.stdout(`\n$ dlan plan --repo sample-repo --router ${router} --root ${root}${full ? '' : ' --no-diff'}\n`);
        const p = await previewPlan(io, repo, router, root, join(root, 'var/lib/dlan'));
        io.stdout(renderPlan(p, { diffs: full }));
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    io.stdout('\nNothing was changed. To run the whole network in namespaces on this machine (as root): dlan lab up\n');
    return 0;
  },
};
