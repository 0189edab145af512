/**
 * When this dlan was built: the time stamp of the file that runs (dist/cli/dlan.js from tsc, or
 * the bundle's dlan.mjs, whose time the Debian package keeps). The doctor's clock check wants
 * the clock after it. Undefined when the file is not where the layout says.
 */
import { stat } from 'node:fs/promises';
import { entryPoint } from '../reconciler/package-root.js';

export async function buildTime(): Promise<Date | undefined> {
  try {
    return (await stat(entryPoint('dlan'))).mtime;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
