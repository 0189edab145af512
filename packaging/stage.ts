/**
 * The package's file tree, laid out under a staging directory as Debian policy wants it:
 *   /usr/lib/dlan/            the bundle (*.mjs), schema/*.schema.json, sample-repo/ — everything
 *                             dlan reads at run time (reconciler/package-root.ts finds it from the bundle)
 *   /usr/bin/dlan             → ../lib/dlan/dlan.mjs (node resolves the link, so the chunks load)
 *   /usr/lib/systemd/system/  the units of systemd/
 *   /usr/share/man/man1/dlan.1.gz, /usr/share/bash-completion/completions/dlan  (generated)
 *   /usr/share/doc/dlan/      README, the user docs, copyright, changelog.gz, examples/
 *   /etc/dlan/, /etc/dnsmasq.d/  empty: the agent's unit names them in ReadWritePaths=, which
 *                             must exist; the package ships no file in /etc, hence no conffile.
 * Nothing under /usr/share/doc is needed at run time (minimal systems drop it with path-exclude).
 */
import { chmod, copyFile, cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadCommands } from '../cli/commands/index.js';
import { bundle, type Bundle } from './bundle.js';
import type { ChangelogHead } from './changelog.js';
import { renderBashCompletion } from './completion.js';
import { readLicenses, renderCopyright } from './copyright.js';
import { renderManPage } from './man.js';

/** docs/ files a user reads (the others are about dlan's code). */
export const USER_DOCS = ['guide.md', 'reference.md', 'signing.md', 'debian.md'];
export const LIB_DIR = 'usr/lib/dlan';
export const DOC_DIR = 'usr/share/doc/dlan';

/** gzip -9n: no name, no timestamp, so the output depends only on the input. */
const gzip = (text: string): Buffer => gzipSync(text, { level: 9 });

async function put(stage: string, path: string, content: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(dirname(join(stage, path)), { recursive: true });
  await writeFile(join(stage, path), content);
  await chmod(join(stage, path), mode);
}

async function copyTree(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

export async function stageTree(root: string, stage: string, head: ChangelogHead): Promise<Bundle> {
  const lib = join(stage, LIB_DIR);
  const built = await bundle(root, lib);
  await copyTree(join(root, 'sample-repo'), join(lib, 'sample-repo'));
  await mkdir(join(lib, 'schema'), { recursive: true });
  for (const f of (await readdir(join(root, 'schema'))).filter((n) => n.endsWith('.schema.json'))) await copyFile(join(root, 'schema', f), join(lib, 'schema', f));
  // The home page's browser script (page/assets.ts looks for it here in the bundle's layout).
  await put(stage, `${LIB_DIR}/page/app.js`, await readFile(join(root, 'dist', 'client', 'page', 'client', 'app.js')));
  await mkdir(join(stage, 'usr/bin'), { recursive: true });
  await symlink('../lib/dlan/dlan.mjs', join(stage, 'usr/bin/dlan'));

  for (const f of (await readdir(join(root, 'systemd'))).filter((n) => n.endsWith('.service'))) {
    await put(stage, `usr/lib/systemd/system/${f}`, await readFile(join(root, 'systemd', f)));
  }

  const commands = await loadCommands();
  await put(stage, 'usr/share/man/man1/dlan.1.gz', gzip(renderManPage(commands, { version: head.version, date: head.date })));
  await put(stage, 'usr/share/bash-completion/completions/dlan', renderBashCompletion(commands));

  const doc = join(stage, DOC_DIR);
  await put(stage, `${DOC_DIR}/README.md`, await readFile(join(root, 'README.md')));
  for (const f of USER_DOCS) await put(stage, `${DOC_DIR}/${f}`, await readFile(join(root, 'docs', f)));
  await copyTree(join(root, 'docs', 'img'), join(doc, 'img'));
  // A native package (its version has no Debian revision): the changelog is changelog.gz (policy 12.7).
  await put(stage, `${DOC_DIR}/changelog.gz`, gzip(await readFile(join(root, 'packaging/debian/changelog'), 'utf8')));
  const own = { holder: 'the dlan authors', spdx: 'MIT', text: await readFile(join(root, 'LICENSE'), 'utf8') };
  await put(stage, `${DOC_DIR}/copyright`, renderCopyright(own, await readLicenses(root, built.packages)));
  await mkdir(join(doc, 'examples'), { recursive: true });
  await symlink('../../../../lib/dlan/sample-repo', join(doc, 'examples', 'sample-repo'));

  for (const d of ['etc/dlan', 'etc/dnsmasq.d']) await mkdir(join(stage, d), { recursive: true });
  return built;
}
