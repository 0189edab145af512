import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FORMATS, type GraphFormat, type GraphView, renderGraph, VIEWS } from '../../graph/render.js';
import { InvalidStatusError, parseStatus, type RouterStatus } from '../../graph/status.js';
import { type Command, flag, str, UsageError } from '../command.js';
import { loadRepo } from '../load-repo.js';
import type { Topology } from '../../model/model.js';
import { askFleet } from '../../reconciler/fleet/collect.js';
import { statusView } from '../../reconciler/report/status-table.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not ${value}`);
  return value as T;
}

async function readStatus(path: string): Promise<RouterStatus[]> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidStatusError(`${path} is not JSON: ${(e as Error).message}`, { path: '$' });
  }
  return parseStatus(value);
}

/** The routers that answer, as `dlan status --json` would print them on each. */
async function fleetStatus(t: Topology): Promise<RouterStatus[]> {
  const answers = await askFleet({ topology: t });
  return parseStatus(answers.flatMap((a) => (a.status?.state ? [statusView(a.status.state, a.status.now)] : [])));
}

export const graph: Command = {
  name: 'graph',
  summary: 'Draw the network: the physical view (sites, home routers, routers, LANs, hosts) or the logical one (the overlay and its peerings).',
  args: '[REPO]',
  details: [
    'SVG is laid out by dlan itself (no browser, no network); DOT is for Graphviz; JSON is the graph as data.',
    '--status reads the JSON of `dlan status --json` (one router\'s object, or an array of them) and colours',
    'the logical view\'s links: green up with OSPF Full, amber handshake fresh but OSPF not Full, red down, grey no report.',
    '--status fleet asks every router\'s agent over the overlay instead (as dlan status --fleet does).',
  ].join('\n'),
  options: {
    view: { type: 'string', value: 'VIEW', description: 'physical or logical.', default: 'logical' },
    // No parser default: --json must be able to tell whether --format was given.
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'svg, dot or json. (default: svg)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'Write to FILE instead of standard output.' },
    status: { type: 'string', value: 'FILE|fleet', description: 'Live link states to colour the logical view with: a dlan status --json file, or fleet to ask every router now.' },
    json: { type: 'boolean', description: 'The graph as JSON (same as --format json).' },
  },
  async run(args, io) {
    const view = oneOf<GraphView>(str(args, 'view'), VIEWS, 'view', 'logical');
    const asked = oneOf<GraphFormat>(str(args, 'format'), FORMATS, 'format', 'svg');
    if (flag(args, 'json') && str(args, 'format') !== undefined && asked !== 'json') throw new UsageError(`--json and --format ${asked} disagree`);
    const format: GraphFormat = flag(args, 'json') ? 'json' : asked;
    const statusFile = str(args, 'status');
    if (statusFile !== undefined && view !== 'logical') throw new UsageError('--status colours links of the logical view; add --view logical');
    const t = await loadRepo(io, args.positionals[0]);
    const status = statusFile === 'fleet' ? await fleetStatus(t) : statusFile !== undefined ? await readStatus(resolve(io.cwd, statusFile)) : undefined;
    const out = renderGraph(t, view, format, status);
    const file = str(args, 'out');
    if (file !== undefined) await writeFile(resolve(io.cwd, file), out);
    else io.stdout(out);
    return 0;
  },
};
