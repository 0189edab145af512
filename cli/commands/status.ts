/**
 * `dlan status`: this router's state (from its running agent, or its state file when the agent
 * is not running). `--fleet`: every router of the topology, asked over the overlay, in one table
 * (like `flux get`), with `--watch` to redraw when something changes.
 */
import { resolve } from 'node:path';
import { getStatus } from '../../reconciler/api/client.js';
import type { AgentStatus } from '../../reconciler/api/types.js';
import type { FleetRow } from '../../reconciler/fleet/view.js';
import { localHost } from '../../reconciler/host.js';
import { readStateFile } from '../../reconciler/report/state-file.js';
import { renderStatusTable, statusView } from '../../reconciler/report/status-table.js';
import { agentNotRunning, controlSocket, fleetOptions, socketOption } from '../agent-socket.js';
import { type Command, flag, type Io, jsonOption, type Parsed, printJson, str } from '../command.js';

async function local(args: Parsed, io: Io): Promise<number> {
  let agent: AgentStatus | undefined;
  try {
    agent = await getStatus(controlSocket(args), 3000);
  } catch (e) {
    if (!agentNotRunning(e)) throw e; // an agent that answers badly is an error, not "not running"
  }
  const dir = resolve(io.cwd, str(args, 'state-dir') ?? '/var/lib/dlan');
  const state = agent ? agent.state : await readStateFile(localHost(), dir);
  if (!state) {
    io.stderr(agent ? 'the agent runs but has not reconciled yet\n' : `no state in ${dir}: the agent has not run yet\n`);
    return 1;
  }
  const now = agent?.now ?? Math.floor(Date.now() / 1000);
  const view = { ...statusView(state, now), agent: agent ? 'running' : 'not running', ...(agent?.suspended && { suspended: agent.suspended }) };
  if (flag(args, 'json')) printJson(io, view);
  else {
    const suspended = agent?.suspended ? `suspended since ${agent.suspended.since}: ${agent.suspended.reason}\n` : '';
    io.stdout(`${renderStatusTable(statusView(state, now))}${suspended}${agent ? '' : 'agent:        not running (read from the state file)\n'}`);
  }
  return 0;
}

async function fleet(args: Parsed, io: Io): Promise<number> {
  // Loaded only here: plain `dlan status` stays light (no YAML, schema or git code).
  const [{ fleetContext }, { collectFleet }, { renderFleetTable }] = await Promise.all([
    import('../fleet-topology.js'), import('../../reconciler/fleet/collect.js'), import('../../reconciler/fleet/view.js')]);
  const ctx = await fleetContext(args, io);
  const collect = () => collectFleet({ topology: ctx.topology, ...(ctx.forge && ctx.ref && { forge: { target: ctx.forge, ref: ctx.ref } }) });
  const json = flag(args, 'json');
  const show = (rows: readonly FleetRow[]) => {
    if (json) io.stdout(`${JSON.stringify(rows)}\n`);
    else io.stdout(`${io.isTTY && flag(args, 'watch') ? '\x1b[H\x1b[2J' : ''}${renderFleetTable(rows)}`);
  };
  let rows = await collect();
  if (!flag(args, 'watch')) {
    if (json) printJson(io, rows);
    else io.stdout(renderFleetTable(rows));
    return 0;
  }
  show(rows);
  // Redraw on change only (ages tick every second, so compare without them).
  const key = (rs: readonly FleetRow[]) => JSON.stringify(rs.map((r) => ({ ...r, applied: r.applied?.commit })));
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const next = await collect();
    if (key(next) !== key(rows)) show(next);
    rows = next;
  }
}

export const status: Command = {
  name: 'status',
  summary: "Show this router's state: applied commit, peers, handshake age, OSPF, the last error; --fleet: every router at once.",
  options: {
    fleet: { type: 'boolean', description: 'Every router of the topology, asked over the overlay (falls back to the forge for routers that do not answer).' },
    watch: { type: 'boolean', short: 'w', description: 'With --fleet: keep watching and redraw when something changes.' },
    'state-dir': { type: 'string', value: 'DIR', description: "The agent's state dir.", default: '/var/lib/dlan' },
    socket: socketOption,
    ...fleetOptions,
    json: jsonOption,
  },
  async run(args, io) {
    return flag(args, 'fleet') ? fleet(args, io) : local(args, io);
  },
};
