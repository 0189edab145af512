import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPrograms, labReadiness } from '../../lab/prerequisites.js';

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

const ready = suite('labReadiness');
ready('root with every program is ready; otherwise it says what to do, each thing once', () => {
  assert.equal(labReadiness(0, { sh: 'dash' }, '/bin:/usr/bin'), { ready: true, missing: [] });
  assert.equal(labReadiness(1000, { sh: 'dash', 'dlan-no-such-tool': 'dlan-tools', '/no/such/ngx_stream_module.so': 'libnginx-mod-stream' }, '/bin'), {
    ready: false,
    missing: [
      'root (network and mount namespaces): run it with sudo, or as root',
      'dlan-no-such-tool, /no/such/ngx_stream_module.so: apt-get install --no-install-recommends dlan-tools libnginx-mod-stream',
    ],
  });
});
ready.run();
