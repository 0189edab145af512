/**
 * The one atomic write dlan uses, for the router's files (through the Host) and for its own
 * memory (the state dir): a temp file in the same directory (so the rename stays on one
 * filesystem), fsync, rename over the target, fsync of the directory (so the rename itself
 * survives a power cut). A crash leaves the old file or the new one, never half of one.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let serial = 0;

/** Name of the temp file a write goes through: same directory, hidden, unique per process and write. */
export function tempName(file: string, unique: string): string {
  return join(dirname(file), `.${basename(file)}.dlan-${unique}.tmp`);
}

/** Writes `content` to `file` with `mode` (whatever the umask), parents created. On failure the temp file is removed. */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = tempName(file, `${process.pid}-${++serial}`);
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o755 });
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(content, 'utf8');
      await fh.chmod(mode); // the umask may have cut bits from open's mode
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (e) {
    await unlink(tmp).catch((u: NodeJS.ErrnoException) => {
      if (u.code !== 'ENOENT') throw u;
    });
    throw e;
  }
}

/** `value` as indented JSON and a final newline, written atomically. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}

/** The file's text, or undefined when it does not exist (ENOENT only: any other error is thrown). */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
