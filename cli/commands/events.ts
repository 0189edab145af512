/**
 * `dlan events [--router R] [--since 1h] [--follow]`: what the agent did, one line per reconcile
 * (commit, outcome, what changed, how long), refusal, rollback, suspend and resume (Flux's
 * `flux events`). This router's from its agent (or its journal file when it is not running);
 * another router's over the overlay, from its status API.
 */
import { resolve } from 'node:path';
import { type AgentAddress, events as askEvents } from '../../reconciler/api/client.js';
import { type DlanEvent, fileJournal } from '../../reconciler/events/journal.js';
import { agentAddresses } from '../../reconciler/fleet/collect.js';
import { DEFAULT_STATE_DIR } from '../../reconciler/report/state-file.js';
import { Stalled } from '../../model/errors.js';
import { agentNotRunning, controlSocket, fleetOptions, socketOption } from '../agent-socket.js';
import { type Command, flag, type Io, jsonOption, str, UsageError } from '../command.js';
import { fleetContext } from '../fleet-topology.js';

/** One line for people: `12:04:31 r2 reconcile success 1a2b3c4 (2 changes, 1.3s): reload nginx; …`. */
export function renderEvent(e: DlanEvent): string {
  const time = e.time.replace(/^\d{4}-\d\d-\d\dT/, '').replace(/\.\d+Z$/, 'Z');
  const extra = [e.changes ? `${e.changes.length} change${e.changes.length === 1 ? '' : 's'}` : '', e.durationMs !== undefined ? `${(e.durationMs / 1000).toFixed(1)}s` : ''].filter(Boolean).join(', ');
  const what = e.changes?.length ? e.changes.slice(0, 3).join('; ') + (e.changes.length > 3 ? `; … ${e.changes.length - 3} more` : '') : e.message ?? '';
  return `${time} ${e.router} ${e.kind} ${e.outcome}${e.commit ? ` ${e.commit.slice(0, 7)}` : ''}${extra ? ` (${extra})` : ''}${e.code ? ` ${e.code}` : ''}${what ? `: ${what}` : ''}`;
}

function sinceOf(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 's']);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--since ${text}: give a duration like 30m, 1h, 2d or a time like 2026-12-01T10:00:00Z`);
  return new Date(t);
}

async function routerAddress(args: Parameters<Command['run']>[0], io: Io, router: string): Promise<AgentAddress> {
  const { topology } = await fleetContext(args, io);
  const addresses = agentAddresses(topology).get(router);
  if (!addresses) throw new Stalled('UnknownRouter', `no router ${router} in the topology (routers: ${topology.routers.map((r) => r.name).join(', ')})`, { router });
  return addresses[0]!;
}

export const events: Command = {
  name: 'events',
  summary: 'Show what an agent did: each reconcile with its commit, outcome, changes and duration, refusals, rollbacks, suspensions.',
  options: {
    router: { type: 'string', value: 'NAME', description: 'Another router, asked over the overlay.' },
    since: { type: 'string', value: 'AGE|TIME', description: 'Only events newer than this (30m, 1h, 2d, or an ISO time).' },
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new events as they happen.' },
    socket: socketOption,
    'state-dir': { type: 'string', value: 'DIR', description: "The agent's state dir (when the agent is not running).", default: DEFAULT_STATE_DIR },
    ...fleetOptions,
    json: jsonOption,
  },
  async run(args, io) {
    const json = flag(args, 'json');
    const since = str(args, 'since');
    sinceOf(since, new Date()); // refuse a bad --since before asking anyone
    const print = (e: DlanEvent) => io.stdout(`${json ? JSON.stringify(e) : renderEvent(e)}\n`);
    const router = str(args, 'router');
    const address = router !== undefined ? await routerAddress(args, io, router) : controlSocket(args);
    try {
      await askEvents(address, { ...(since && { since }), follow: flag(args, 'follow') }, print);
    } catch (e) {
      if (router !== undefined || !agentNotRunning(e)) throw e;
      if (flag(args, 'follow')) throw new Stalled('AgentNotRunning', `${(e as Error).message}\n--follow needs the running agent`);
      const s = sinceOf(since, new Date());
      const { events: list, skipped } = await fileJournal(resolve(io.cwd, str(args, 'state-dir') ?? DEFAULT_STATE_DIR)).read(s ? { since: s } : {});
      list.forEach(print);
      if (skipped > 0) io.stderr(`${skipped} unreadable line${skipped === 1 ? '' : 's'} in the journal skipped\n`);
    }
    return 0;
  },
};

