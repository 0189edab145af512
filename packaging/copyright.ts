/**
 * /usr/share/doc/dlan/copyright in the machine-readable format
 * (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/): dlan itself, and one
 * paragraph per npm package whose code the bundle contains (from esbuild's metafile), with its
 * license text as the package ships it. Licenses Debian keeps in /usr/share/common-licenses are
 * referred to there instead of copied (Debian policy 12.5). The text is pure; reading the
 * packages is `readLicenses`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BundledLicense {
  readonly name: string;
  readonly version: string;
  /** SPDX expression from package.json. */
  readonly spdx: string;
  /** A copyright line from the license text, else the package's author. */
  readonly copyright: string;
  /** The license file's text, if the package ships one. */
  readonly text?: string;
}

/** SPDX id → DEP-5 short name, and the file in /usr/share/common-licenses when Debian has it. */
const LICENSES: Record<string, { readonly short: string; readonly common?: string }> = {
  MIT: { short: 'Expat' },
  ISC: { short: 'ISC' },
  'BSD-3-Clause': { short: 'BSD-3-clause' },
  Zlib: { short: 'Zlib' },
  'Apache-2.0': { short: 'Apache-2.0', common: 'Apache-2.0' },
  'LGPL-3.0+': { short: 'LGPL-3+', common: 'LGPL-3' },
  'LGPL-3.0-or-later': { short: 'LGPL-3+', common: 'LGPL-3' },
};

export class UnknownLicense extends Error {
  readonly code = 'UnknownLicense';
}

/** `(MIT AND Zlib)` → `Expat and Zlib`. */
export function debianLicense(spdx: string): { short: string; common: string[] } {
  const ids = spdx.replace(/[()]/g, '').split(/\s+AND\s+/);
  const known = ids.map((id) => {
    const l = LICENSES[id];
    if (!l) throw new UnknownLicense(`no Debian name for the license ${id} (${spdx}): add it to packaging/copyright.ts after checking it allows redistribution`);
    return l;
  });
  return { short: known.map((l) => l.short).join(' and '), common: known.flatMap((l) => (l.common ? [l.common] : [])) };
}

/** A DEP-5 multi-line field value: continuation lines start with a space, empty ones are ` .`. */
const continued = (text: string): string[] => text.trimEnd().split('\n').map((l) => (l.trim() === '' ? ' .' : ` ${l.trimEnd()}`));

function paragraph(l: BundledLicense): string[] {
  const { short, common } = debianLicense(l.spdx);
  const body = common.length
    ? [` On Debian systems the full text is in ${common.map((c) => `/usr/share/common-licenses/${c}`).join(' and ')}.`]
    : l.text ? continued(l.text) : [' The package ships no license file; see its package.json.'];
  return [
    `Files: node_modules/${l.name}/*`,
    `Copyright: ${l.copyright}`,
    `Comment: ${l.name} ${l.version}, bundled into /usr/lib/dlan/*.mjs`,
    `License: ${short}`,
    ...body,
    '',
  ];
}

export function renderCopyright(own: { readonly holder: string; readonly spdx: string; readonly text: string }, bundled: readonly BundledLicense[]): string {
  return [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: dlan',
    '',
    'Files: *',
    `Copyright: ${own.holder}`,
    `License: ${debianLicense(own.spdx).short}`,
    ...continued(own.text),
    '',
    ...bundled.flatMap(paragraph),
  ].join('\n');
}

const LICENSE_FILE = /^(licen[cs]e|copying)(\.md|\.txt|-mit)?$/i;

/** Reads name, version, license and license text of each bundled package from node_modules. */
export async function readLicenses(root: string, packages: readonly string[]): Promise<BundledLicense[]> {
  return Promise.all(packages.map(async (p) => {
    const dir = join(root, 'node_modules', p);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string; author?: string | { name: string } };
    if (!pkg.license) throw new UnknownLicense(`${p}: package.json names no license`);
    const file = (await readdir(dir)).find((f) => LICENSE_FILE.test(f));
    const text = file ? await readFile(join(dir, file), 'utf8') : undefined;
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    const line = text?.split('\n').map((l) => l.trim()).find((l) => /^copyright\b/i.test(l) && /\d{4}/.test(l) && !/Free Software Foundation/.test(l)); // not the FSF's notice on the GPL family's own text
    return { name: pkg.name, version: pkg.version, spdx: pkg.license, copyright: line?.replace(/^copyright\s*(\(c\)|©)?\s*/i, '') || author || `the ${pkg.name} authors`, ...(text && { text }) };
  }));
}
