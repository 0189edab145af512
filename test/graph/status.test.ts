import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { peeringKey } from '../../graph/model.js';
import { InvalidStatusError, linkStates, parseStatus, peerState } from '../../graph/status.js';

const parse = suite('parseStatus');
parse('takes one router object or an array of them, ignoring unknown fields', () => {
  const one = { router: 'r1', version: 3, peers: [{ name: 'r4', up: true, handshakeAgeSeconds: 4, ospf: 'Full/-', rx: 1 }] };
  assert.equal(parseStatus(one), [{ router: 'r1', peers: [{ name: 'r4', up: true, handshakeAgeSeconds: 4, ospf: 'Full/-' }] }]);
  assert.is(parseStatus([one, { ...one, router: 'r2' }]).length, 2);
});
parse('names the first bad field', () => {
  for (const [value, path] of [
    [{ peers: [] }, '$.router'],
    [[{ router: 'r1', peers: [{ name: 'r4' }] }], '[0].peers[0].up'],
    [{ router: 'r1', peers: [{ name: 'r4', up: true, handshakeAgeSeconds: 'soon' }] }, '$.peers[0].handshakeAgeSeconds'],
    [{ router: 'r1', peers: {} }, '$.peers'],
  ] as const) {
    try {
      parseStatus(value);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, InvalidStatusError);
      assert.is((e as InvalidStatusError).code, 'InvalidStatus');
      assert.is((e as InvalidStatusError).data.path, path);
    }
  }
});
parse.run();

const state = suite('peerState');
state('down when not up or when the handshake is 180 s old; full on an OSPF Full adjacency; else fresh', () => {
  assert.is(peerState({ name: 'x', up: false, ospf: 'Full/-' }), 'down');
  assert.is(peerState({ name: 'x', up: true, handshakeAgeSeconds: 180, ospf: 'Full/-' }), 'down');
  assert.is(peerState({ name: 'x', up: true, handshakeAgeSeconds: 179, ospf: 'Full/DR' }), 'full');
  assert.is(peerState({ name: 'x', up: true, ospf: 'full' }), 'full');
  assert.is(peerState({ name: 'x', up: true, handshakeAgeSeconds: 5, ospf: 'ExStart/-' }), 'fresh');
  assert.is(peerState({ name: 'x', up: true }), 'fresh');
});
state.run();

const links = suite('linkStates');
links('joins both ends of a link and keeps the worse view', () => {
  const m = linkStates([
    { router: 'r1', peers: [{ name: 'r4', up: true, ospf: 'Full/-' }, { name: 'r5', up: true, ospf: 'Full/-' }] },
    { router: 'r4', peers: [{ name: 'r1', up: true, ospf: 'Full/-' }] },
    { router: 'r5', peers: [{ name: 'r1', up: false }] },
  ]);
  assert.is(m.get(peeringKey('r1', 'r4')), 'full');
  assert.is(m.get(peeringKey('r5', 'r1')), 'down');
  assert.is(m.size, 2);
});
links.run();
