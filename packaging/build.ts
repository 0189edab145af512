/**
 * `npm run package`: builds dist/deb/dlan_<version>_all.deb (or into --out DIR) and prints its
 * path and size. Needs tsc's output (the npm script runs `npm run build` first) and dpkg-deb;
 * not root.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDeb } from './deb.js';

export const DEFAULT_OUT = 'dist/deb';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_OUT } } });
  const b = await buildDeb(root, resolve(root, values.out!));
  process.stdout.write(`${b.deb}\n${(b.size / 1024 / 1024).toFixed(2)} MiB, ${(b.installedSize / 1024).toFixed(1)} MiB installed, ${b.bundle.files.length} bundle files\n`);
}
