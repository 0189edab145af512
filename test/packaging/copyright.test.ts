import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { debianLicense, readLicenses, renderCopyright } from '../../packaging/copyright.js';
import { repoRoot } from '../support/paths.js';

const names = suite('debianLicense');
names('maps SPDX ids to DEP-5 names, and points at common-licenses where Debian has the text', () => {
  assert.equal(debianLicense('MIT'), { short: 'Expat', common: [] });
  assert.equal(debianLicense('(MIT AND Zlib)'), { short: 'Expat and Zlib', common: [] });
  assert.equal(debianLicense('LGPL-3.0+'), { short: 'LGPL-3+', common: ['LGPL-3'] });
});
names('refuses a license it does not know', () => {
  try {
    debianLicense('SSPL-1.0');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'UnknownLicense');
  }
});
names.run();

const render = suite('renderCopyright');
render('one paragraph per bundled package, license text as continuation lines, blank lines as " ."', () => {
  const text = renderCopyright({ holder: 'us', spdx: 'MIT', text: 'MIT License\n\nCopyright us\n' }, [
    { name: 'a', version: '1.0.0', spdx: 'ISC', copyright: '2020 A', text: 'ISC License\n\nPermission...\n' },
    { name: 'b', version: '2.0.0', spdx: 'Apache-2.0', copyright: 'B', text: 'Apache License...' },
  ]);
  assert.match(text, 'Files: *\nCopyright: us\nLicense: Expat\n MIT License\n .\n Copyright us\n');
  assert.match(text, 'Files: node_modules/a/*\nCopyright: 2020 A\nComment: a 1.0.0, bundled into /usr/lib/dlan/*.mjs\nLicense: ISC\n ISC License\n .\n Permission...\n');
  assert.match(text, 'License: Apache-2.0\n On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.\n');
  assert.not.match(text, /^\S+:\s*$/m, 'no empty field');
});
render('reads the license of a real package from node_modules', async () => {
  const [yaml] = await readLicenses(repoRoot, ['yaml']);
  assert.is(yaml!.spdx, 'ISC');
  assert.match(yaml!.text!, 'ISC');
});
render.run();
