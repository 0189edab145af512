/** Files shipped with dlan (sample-repo, schema), found from the compiled or source tree. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const packageRoot = here.includes('/dist/') ? join(here, '..', '..') : join(here, '..');
export const fromPackage = (...p: string[]): string => join(packageRoot, ...p);
