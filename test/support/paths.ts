/** Where things are in the source tree, from compiled tests (dist/test/...) or sources. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The repository root (the folder with package.json). */
export const repoRoot = here.includes('/dist/') ? join(here, '..', '..', '..') : join(here, '..', '..');
export const sampleRepo = join(repoRoot, 'sample-repo');
export const fromRoot = (...p: string[]): string => join(repoRoot, ...p);
