import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStatus, peerState } from '../../graph/status.js';
import { statusView } from '../../reconciler/report/status-table.js';
import type { RouterState } from '../../reconciler/report/state-file.js';

/** `dlan graph --status` reads exactly what `dlan status --json` prints. */
const s = suite('graph --status with dlan status --json');
s('peers of a real status view colour the links', () => {
  const state: RouterState = {
    version: 1, router: 'r1', applied: { commit: 'a'.repeat(40), at: 1000 },
    health: {
      status: 'degraded', at: 1000, commit: { ok: true }, daemons: [], peersUp: 1, problems: [],
      peers: [
        { name: 'r4', handshakeAgeS: 12, wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true },
        { name: 'r5', handshakeAgeS: 400, wireguard: 'stale', ospf: 'absent', ospf6: 'absent', bfd: 'down', up: false },
      ],
    },
  };
  const parsed = parseStatus(JSON.parse(JSON.stringify(statusView(state, 1010))));
  const peers = parsed[0]!.peers;
  assert.equal(peers.map((p) => [p.name, peerState(p)]), [['r4', 'full'], ['r5', 'down']]);
});
s.run();
