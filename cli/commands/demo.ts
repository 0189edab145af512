import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labPrograms, labReadiness, demoPrograms, routerPrograms } from '../../lab/prerequisites.js';
import { renderPlan } from '../../reconciler/plan/render-plan.js';
import { type Command, flag, type Io, str } from '../command.js';
import { liveDemo } from '../demo-live.js';
import { fromPackage } from '../../reconciler/package-root.js';
import { inspect } from './inspect.js';
import { previewPlan } from './plan.js';
import { validate } from './validate.js';

/**
 * `npm run demo` / `dlan demo`: what dlan promises, on the bundled sample network. As root with
 * the lab's packages it runs live in network namespaces (cli/demo-live.ts); otherwise, or with
 * --dry-run, it changes nothing: it validates the topology, shows what a router derives from it
 * and plans each router against an empty root — and says exactly what the live demo needs.
 */
export const demo: Command = {
  name: 'demo',
  summary: 'Show what dlan does on the bundled sample network: live in network namespaces as root with the lab\'s packages, else a dry run that changes nothing.',
  details: [
    'Live: brings the network up (every router runs `dlan agent`), shows it converge, pings across sites by',
    'name, pushes a signed change and shows what each router applied, pushes an unsigned one and shows every',
    'router refusing it, writes both pictures, and takes it all down (also on Ctrl-C). About a minute or two.',
  ].join('\n'),
  options: {
    'dry-run': { type: 'boolean', description: 'Change nothing, even as root: validate, inspect, plan.' },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'Where the live demo writes its pictures. Default: a new folder in the temp dir.' },
    prefix: { type: 'string', short: 'p', value: 'P', description: 'Namespace prefix of the live demo\'s lab.', default: 'demo' },
  },
  async run(args, io) {
    const repo = fromPackage('sample-repo');
    const ready = labReadiness(process.getuid?.(), { ...labPrograms, ...routerPrograms, ...demoPrograms }, io.env.PATH ?? '');
    if (!flag(args, 'dry-run') && ready.ready) {
      const out = str(args, 'out');
      return liveDemo(io, {
        repo, prefix: str(args, 'prefix') ?? 'demo', ...(io.env.DLAN_LAB_ROOT && { root: io.env.DLAN_LAB_ROOT }),
        ...(out !== undefined && { out: resolve(io.cwd, out) }),
      });
    }
    const rc = await dryRun(io, repo);
    if (rc !== 0) return rc;
    if (flag(args, 'dry-run')) io.stdout('\nNothing was changed. Without --dry-run, as root with the lab\'s packages, the demo runs the network live.\n');
    else {
      io.stdout([
        '',
        'Nothing was changed: this was the dry run. The live demo (the whole network in namespaces on this',
        'machine, a signed change flowing through, an unsigned one refused, the pictures) needs:',
        ...ready.missing.map((m) => `  - ${m}`),
        'then: sudo npm run demo   (or: sudo npx dlan demo)',
        '',
      ].join('\n'));
    }
    return 0;
  },
};

/** Today's dry run: validate, inspect r2, plan every router against an empty root (diffs left out). */
async function dryRun(io: Io, repo: string): Promise<number> {
  io.stdout('$ dlan validate sample-repo\n');
  const rc = await validate.run({ values: {}, positionals: [repo] }, io);
  if (rc !== 0) return rc;
  io.stdout('\n$ dlan inspect sample-repo --router r2\n');
  await inspect.run({ values: { router: 'r2' }, positionals: [repo] }, io);
  const root = await mkdtemp(join(tmpdir(), 'dlan-demo-'));
  try {
    for (const router of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      io.stdout(`\n$ dlan plan --repo sample-repo --router ${router} --root ${root} --no-diff\n`);
      const p = await previewPlan(io, repo, router, root, join(root, 'var/lib/dlan'));
      io.stdout(renderPlan(p, { diffs: false }));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  io.stdout('\n(without --no-diff, dlan plan shows every file it would write)\n');
  return 0;
}
