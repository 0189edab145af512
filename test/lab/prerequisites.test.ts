import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPrograms } from '../../lab/prerequisites.js';

const check = suite('checkPrograms');
check('passes when every program is on PATH', () => {
  checkPrograms({ sh: 'dash' }, '/bin:/usr/bin');
});
check('names the missing programs and the apt-get install that brings them', () => {
  try {
    checkPrograms({ sh: 'dash', 'dlan-no-such-tool': 'dlan-tools', 'dlan-other-missing': 'dlan-tools', '/no/such/frrinit.sh': 'frr' }, '/bin');
    assert.unreachable();
  } catch (e) {
    const err = e as { code: string; message: string; data: { packages: string[] } };
    assert.is(err.code, 'MissingPrograms');
    assert.equal(err.data.packages, ['dlan-tools', 'frr']);
    assert.match(err.message, 'apt-get install --no-install-recommends dlan-tools frr');
  }
});
check.run();
