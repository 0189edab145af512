import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAge, renderStatusTable, statusHeadline, statusView, type RouterState } from '../../../reconciler/report/index.js';

const NOW = 1_800_000_600;
const STATE: RouterState = {
  version: 1, router: 'r1',
  applied: { commit: 'a1b2c3d4e5f60000000000000000000000000000', at: NOW - 3600 },
  lastAttempt: { commit: 'f00dfeed00000000000000000000000000000000', outcome: 'failure', at: NOW - 90, description: 'nginx -t refused the config' },
  lastError: { commit: 'f00dfeed00000000000000000000000000000000', code: 'CheckFailed', message: 'nginx: [emerg] unknown directive "bogus"', at: NOW - 90 },
  health: {
    status: 'degraded', at: NOW - 4, commit: { expected: 'f00dfeed', applied: 'a1b2c3d4', ok: false },
    daemons: [{ name: 'frr', running: true }], peersUp: 1,
    peers: [
      { name: 'r4', endpoint: '203.0.113.4:51820', handshakeAgeS: 12, wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true },
      { name: 'r5', endpoint: '198.51.100.5:51820', wireguard: 'never', ospf: 'absent', ospf6: 'absent', bfd: 'absent', up: false },
    ],
    problems: ['peer r5: no WireGuard handshake yet, OSPF absent, OSPFv3 absent, BFD absent'],
  },
  wireguard: { setting: 'auto', implementation: 'userspace', reason: 'auto: no WireGuard in this kernel (Error: Unknown device type.), so wireguard-go' },
};

const view = suite('statusView');
view('ages from now; the same value serves --json', () => {
  const v = statusView(STATE, NOW);
  assert.equal(v.applied, { commit: STATE.applied!.commit, ageS: 3600 });
  assert.is(v.lastError!.ageS, 90);
  assert.is(v.observedAgeS, 4);
  assert.equal([v.health, v.peersUp, v.peersTotal], ['degraded', 1, 2]);
  assert.equal(JSON.parse(JSON.stringify(v)), v);
  assert.equal(v.wireguard, STATE.wireguard);
});
view('a router that never applied anything', () => {
  const v = statusView({ version: 1, router: 'r9' }, NOW);
  assert.equal(v, { router: 'r9', health: 'unknown', peersUp: 0, peersTotal: 0, peers: [], problems: [] });
  assert.is(renderStatusTable(v), 'r9: unknown, 0/0 peers up\napplied:      nothing yet\nlast error:   none\n');
});
view.run();

const table = suite('renderStatusTable');
table('a header, the applied commit, the failed attempt and its error, one line per peer, the problems', () => {
  assert.fixture(renderStatusTable(statusView(STATE, NOW)), [
    'r1: refused f00dfee (CheckFailed); running a1b2c3d, degraded, 1/2 peers up (checked 4s ago)',
    'applied:      a1b2c3d, 60m ago',
    'last attempt: f00dfee failure, 90s ago: nginx -t refused the config',
    'last error:   CheckFailed on f00dfee, 90s ago: nginx: [emerg] unknown directive "bogus"',
    'wireguard:    userspace (wireguard-go): auto: no WireGuard in this kernel (Error: Unknown device type.), so wireguard-go',
    '',
    'PEER  ENDPOINT            HANDSHAKE  OSPF    OSPF6   BFD     UP',
    'r4    203.0.113.4:51820   12s ago    Full    Full    up      yes',
    'r5    198.51.100.5:51820  never      absent  absent  absent  no',
    '',
    '! peer r5: no WireGuard handshake yet, OSPF absent, OSPFv3 absent, BFD absent',
    '',
  ].join('\n'));
});
table('the header says what runs and how it is whenever the last attempt failed: a refused commit, a fetch that failed', () => {
  const healthy = { ...STATE.health!, status: 'healthy' as const, peersUp: 2 };
  const unsigned: RouterState = { ...STATE, health: healthy,
    lastAttempt: { commit: 'c0ffee0000000000000000000000000000000000', outcome: 'failure', at: NOW - 3, description: 'refused c0ffee0: Unsigned: …' },
    lastError: { commit: 'c0ffee0000000000000000000000000000000000', code: 'Unsigned', message: 'commit c0ffee0 is not signed', at: NOW - 3 } };
  assert.is(statusHeadline(statusView(unsigned, NOW)), 'r1: refused c0ffee0 (Unsigned); running a1b2c3d, healthy, 2/2 peers up (checked 4s ago)');
  const unreachable: RouterState = { ...STATE, health: healthy,
    lastAttempt: { commit: STATE.applied!.commit, outcome: 'success', at: NOW - 600, description: 'applied' },
    lastError: { code: 'SourceUnreachable', message: 'list refs …: ECONNREFUSED', at: NOW - 2 } };
  assert.is(statusHeadline(statusView(unreachable, NOW)), 'r1: cannot fetch (SourceUnreachable); running a1b2c3d, healthy, 2/2 peers up (checked 4s ago)');
  const fine: RouterState = { ...unreachable, lastError: { ...unreachable.lastError!, at: NOW - 900 } };
  assert.is(statusHeadline(statusView(fine, NOW)), 'r1: healthy, 2/2 peers up (checked 4s ago)');
});
table('formatAge: seconds, minutes, hours, days', () => {
  assert.equal([0, 119, 120, 7199, 7200, 172799, 172800].map(formatAge), ['0s', '119s', '2m', '119m', '2h', '47h', '2d']);
});
table.run();
