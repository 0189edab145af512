/**
 * Where dlan's own files (sample-repo, schema, entry points) are, in its two layouts:
 * - the source tree, run from tsc's output: this file is <root>/dist/reconciler/package-root.js;
 * - the bundle (packaging/bundle.ts; /usr/lib/dlan in the Debian package): the entry points and
 *   every chunk lie flat in <root>, beside sample-repo/ and schema/. A chunk is never in a
 *   folder named `reconciler`, which is what tells the layouts apart.
 */
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bundled = basename(here) !== 'reconciler';
export const packageRoot = bundled ? here : here.includes('/dist/') ? join(here, '..', '..') : join(here, '..');
export const fromPackage = (...p: string[]): string => join(packageRoot, ...p);

/** The programs dlan runs as `node <file>`, by their module in the source tree; the bundle has one entry point each. */
export const ENTRY_POINTS = { dlan: 'cli/dlan', 'git-server-main': 'lab/git-server-main' } as const;
export type EntryPoint = keyof typeof ENTRY_POINTS;

/** The file to run for an entry point, in this layout. */
export const entryPoint = (name: EntryPoint): string =>
  bundled ? join(packageRoot, `${name}.mjs`) : join(packageRoot, 'dist', `${ENTRY_POINTS[name]}.js`);
