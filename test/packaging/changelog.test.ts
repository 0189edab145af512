import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { VERSION } from '../../cli/version.js';
import { changelogHead } from '../../packaging/changelog.js';
import { fromRoot } from '../support/paths.js';

const head = suite('changelogHead');
head("reads the newest entry's version, maintainer and date", () => {
  const h = changelogHead('dlan (1.2.3) unstable; urgency=medium\n\n  * x\n\n -- A B <a@example.org>  Wed, 02 Dec 2026 01:45:04 +0000\n\ndlan (1.2.2) unstable; urgency=low\n');
  assert.equal(h, { package: 'dlan', version: '1.2.3', maintainer: 'A B <a@example.org>', epoch: Date.UTC(2026, 11, 2, 1, 45, 4) / 1000, date: '2026-12-02' });
});
head('names the line of a malformed entry', () => {
  try {
    changelogHead('dlan 1.2.3 unstable\n');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'InvalidChangelog');
    assert.match((e as Error).message, 'changelog:1:');
  }
  try {
    changelogHead('dlan (1.2.3) unstable; urgency=medium\n\n  * x\n\n -- A B <a@example.org>  yesterday\n');
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, 'changelog:5: yesterday is not an RFC 5322 date');
  }
});
head("the package's changelog is at dlan's version", async () => {
  assert.is(changelogHead(await readFile(fromRoot('packaging/debian/changelog'), 'utf8')).version, VERSION);
});
head.run();
