/**
 * Writes a DesiredState's files under a directory (logical path /etc/frr/frr.conf becomes
 * DIR/etc/frr/frr.conf, with its mode) and its links as DIR/links.json. Used by `dlan render`
 * and scripts/update-golden.mjs. Never writes the real /etc: that is the apply step's job.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderLinks } from '../renderers/links.js';
import type { DesiredState } from '../renderers/state.js';

export const LINKS_FILE = 'links.json';

export interface WrittenFile { readonly path: string; readonly written: string; readonly service: string; readonly mode: number; readonly bytes: number }

export async function writeRendered(outDir: string, d: DesiredState): Promise<WrittenFile[]> {
  const out: WrittenFile[] = [];
  const put = async (rel: string, content: string, mode: number): Promise<string> => {
    const target = join(outDir, rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { mode });
    await chmod(target, mode);
    return target;
  };
  for (const f of d.files) {
    const written = await put(f.path, f.content, f.mode);
    out.push({ path: f.path, written, service: f.service, mode: f.mode, bytes: Buffer.byteLength(f.content) });
  }
  const links = renderLinks(d);
  out.push({ path: LINKS_FILE, written: await put(LINKS_FILE, links, 0o644), service: 'links', mode: 0o644, bytes: Buffer.byteLength(links) });
  return out;
}
