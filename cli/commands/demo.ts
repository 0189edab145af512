import { type Command } from '../command.js';
import { fromPackage } from '../package-root.js';
import { inspect } from './inspect.js';
import { validate } from './validate.js';

/**
 * `npm run demo`: dlan's main job on the bundled sample, without touching the machine:
 * validate the topology, then show what each router derives from it.
 */
export const demo: Command = {
  name: 'demo',
  summary: 'Run dlan on the bundled sample network without touching this machine.',
  options: {},
  async run(_args, io) {
    const repo = fromPackage('sample-repo');
    io.stdout(`$ dlan validate ${repo}\n`);
    const rc = await validate.run({ values: {}, positionals: [repo] }, io);
    if (rc !== 0) return rc;
    for (const router of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      io.stdout(`\n$ dlan inspect ${repo} --router ${router}\n`);
      await inspect.run({ values: { router }, positionals: [repo] }, io);
    }
    return 0;
  },
};
