import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readOnlyListeners } from '../../../../reconciler/agent/local/listeners.js';
import { slice } from '../../../../model/slice.js';
import { sampleTopology } from '../../../support/sample.js';

const t = await sampleTopology();
const l = suite('readOnlyListeners');
l('a LAN router: overlay loopbacks and LAN addresses on the API port, and port 80 on the LAN for http://dlan.lan/', () => {
  assert.equal(readOnlyListeners(slice(t, 'r1'), 9477).map((x) => `${x.host}:${x.port}`), [
    '10.255.0.1:9477', 'fd64:6c61:6e::1:9477', '10.1.0.1:9477', 'fd00:1::1:9477', '10.1.0.1:80', 'fd00:1::1:80',
  ]);
});
l('a router without a LAN: the overlay only', () => {
  assert.equal(readOnlyListeners(slice(t, 'r5'), 9477).map((x) => x.role), ['overlay', 'overlay']);
});
l('a router that forwards TCP 80 keeps the page off port 80 (nginx holds it and the WAN chain accepts it)', () => {
  const s = slice(t, 'r1');
  const with80 = { ...s, forwards: [{ service: 'web', port: 80, protocol: 'tcp' as const, to: 8080, proxyProtocol: false, backends: [] }] };
  assert.not.ok(readOnlyListeners(with80, 9477).some((x) => x.port === 80));
});
l.run();
