import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsmasqPidFile } from '../../../../reconciler/services/index.js';

const pid = suite('dnsmasqPidFile');
pid('the last absolute pid-file= line, if any', () => {
  assert.is(dnsmasqPidFile('port=53\npid-file=/run/a.pid\n#pid-file=/run/b.pid\n pid-file = /run/c.pid\n'), '/run/c.pid');
  assert.is(dnsmasqPidFile('port=53\n'), undefined);
  assert.is(dnsmasqPidFile('pid-file=\n'), undefined);
});
pid.run();
