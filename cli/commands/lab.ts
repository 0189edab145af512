/**
 * `dlan lab up|down|status|exec`: the whole network of a topology repo on this machine, in
 * network namespaces with the real daemons (see lab/). Needs root.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  enterArgs, type Lab, labDown, labPaths, labStatus, labUp, nodeOf, openLab, renderLabStatus,
} from '../../lab/index.js';
import { type Command, flag, type Io, jsonOption, type Parsed, printJson, str, UsageError } from '../command.js';
import { entryPoint, fromPackage } from '../../reconciler/package-root.js';

const paths = (args: Parsed, io: Io) => labPaths(str(args, 'prefix') ?? 'dlan', io.env.DLAN_LAB_ROOT);

/** The terminal's width (COLUMNS when the shell exports it), at most 100: status lines fit it. */
const textOptions = (args: Parsed, io: Io) => {
  const columns = Number(io.env.COLUMNS);
  return { wide: flag(args, 'wide'), width: Number.isInteger(columns) && columns >= 60 ? Math.min(columns, 100) : 80 };
};

async function up(args: Parsed, io: Io): Promise<number> {
  const agents = !flag(args, 'no-agents');
  const t0 = performance.now();
  const { lab, commit, servers, routers, topology } = await labUp({
    topology: resolve(io.cwd, str(args, 'topology') ?? fromPackage('sample-repo')),
    prefix: str(args, 'prefix') ?? 'dlan',
    ...(io.env.DLAN_LAB_ROOT && { root: io.env.DLAN_LAB_ROOT }),
    agents,
    dhcp: !flag(args, 'no-dhcp') && agents,
    progress: (l) => io.stderr(`lab up: ${l}\n`),
  });
  const upMs = Math.round(performance.now() - t0);
  const status = await labStatus(lab);
  if (flag(args, 'json')) {
    printJson(io, { ...status, commit, upMs, servers: servers ?? [], routers: routers ?? [] });
    return 0;
  }
  io.stdout(renderLabStatus(status, textOptions(args, io)));
  io.stdout([
    `topology: ${lab.paths.topology} (commit ${commit.slice(0, 12)}, signed with the lab key; git push to publish)`,
    agents
      ? `converged in ${(upMs / 1000).toFixed(1)} s: every router applied ${commit.slice(0, 7)} with success and is healthy,\n`
        + `OSPF Full on all links${servers ? ', every server has its addresses' : ''}; ${Math.round(status.pssKiB / 1024)} MiB of memory (PSS)`
      : 'agents: not started (--no-agents); servers have no addresses until routers run dnsmasq',
    ...tryLines(lab, topology.network.domain, agents),
    '',
  ].filter((l, i, a) => l !== '' || i === a.length - 1).join('\n'));
  return 0;
}

/** A few commands to try on the lab just made. */
function tryLines(lab: Lab, domain: string, agents: boolean): string[] {
  const exec = `dlan lab exec${lab.plan.prefix === 'dlan' ? '' : ` --prefix ${lab.plan.prefix}`}`;
  const [a, ...rest] = lab.plan.servers;
  // Another site's server in a family both have; for record route (IPv4 only), both need IPv4.
  const b = rest.find((s) => s.router !== a?.router && s.families.some((f) => a?.families.includes(f)));
  const v4 = a?.families.includes('ipv4') && b?.families.includes('ipv4');
  const router = lab.plan.routers[0]!;
  if (!agents || !a || !b) return [`try: ${exec} ${router.node} -- ping -c1 ${lab.plan.net[lab.plan.internet]!.addresses[0]!.cidr.split('/')[0]}`];
  return [
    'try:',
    `  ${exec} ${a.node} -- ping -c3 ${b.node}.${b.router}.${domain}      # across the overlay, by name`,
    ...(v4 ? [`  ${exec} ${a.node} -- ping -4 -c1 -R ${b.node}.${b.router}.${domain}   # the path it took`] : []),
    `  ${exec} ${router.node} -- vtysh -c 'show ip ospf neighbor'`,
    `  ${exec} ${router.node} -- node ${entryPoint('dlan')} status`,
    `  cd ${lab.paths.topology} && $EDITOR ... && git commit -am ... && git push   # the routers follow in seconds`,
  ];
}

async function down(args: Parsed, io: Io): Promise<number> {
  const r = await labDown(paths(args, io));
  if (flag(args, 'json')) printJson(io, r);
  else if (!r.found) io.stdout(`no lab with prefix ${str(args, 'prefix') ?? 'dlan'}\n`);
  else {
    io.stdout(`removed ${r.namespaces} namespaces, ${r.mounts} mounts, stopped ${r.processes} processes\n`);
    for (const s of r.skipped) io.stderr(`left pid ${s.pid} alone: it is now ${s.exe}, not what the lab started\n`);
  }
  return 0;
}

async function status(args: Parsed, io: Io): Promise<number> {
  const st = await labStatus(openLab(paths(args, io)));
  if (flag(args, 'json')) printJson(io, st);
  else io.stdout(renderLabStatus(st, textOptions(args, io)));
  return 0;
}

async function exec(args: Parsed, io: Io): Promise<number> {
  const [, node, dd, ...cmd] = args.positionals;
  if (!node || dd !== '--' || cmd.length === 0) throw new UsageError('usage: dlan lab exec NODE -- COMMAND [ARGS...]');
  const lab = openLab(paths(args, io));
  nodeOf(lab, node);
  const child = spawn('nsenter', [...enterArgs(lab, node), ...cmd], { cwd: '/', stdio: io.isTTY ? 'inherit' : ['inherit', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => io.stdout(d.toString()));
  child.stderr?.on('data', (d: Buffer) => io.stderr(d.toString()));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res(code ?? (signal ? 128 : 1)));
  });
}

const subcommands: Record<string, (args: Parsed, io: Io) => Promise<number>> = { up, down, status, exec };

export const lab: Command = {
  name: 'lab',
  summary: 'Run the whole network of a topology repo on this machine, in network namespaces with the real daemons (root).',
  args: 'up | down | status | exec NODE -- COMMAND...',
  details: [
    'up      build the nodes (routers, servers, home routers doing NAT, the internet), make each',
    "        router's WireGuard key inside it, serve a signed copy of the repo over HTTP, start",
    '        `dlan agent` in every router and the DHCP clients of the servers, and wait until the',
    '        network has converged (every router applied the commit, OSPF Full on every link, servers',
    '        addressed), printing progress; reads lab.yaml from the repo.',
    'down    remove every namespace, mount and process the lab made (also after a crash)',
    'status  nodes, their addresses and what runs in them, what each router\'s agent last reported;',
    '        fits 80 columns (COLUMNS up to 100): --wide for every address, process and PID',
    'exec    run a command inside a node, e.g. dlan lab exec r1 -- wg show',
    '',
    'State lives in /run/dlan-lab/<prefix>/ (DLAN_LAB_ROOT overrides /run/dlan-lab).',
  ].join('\n'),
  options: {
    topology: { type: 'string', short: 't', value: 'DIR', description: 'Topology repo with a lab.yaml (up). Default: the bundled sample-repo.' },
    prefix: { type: 'string', short: 'p', value: 'P', description: 'Namespace prefix: nodes are P-r1, P-s1... Lets several labs coexist.', default: 'dlan' },
    'no-agents': { type: 'boolean', description: 'Build the network only; do not start `dlan agent` (up).' },
    'no-dhcp': { type: 'boolean', description: 'Do not start the servers\' DHCP clients (up).' },
    wide: { type: 'boolean', short: 'w', description: 'Every address, process and PID, whatever the width (status, up).' },
    json: jsonOption,
  },
  passThrough: true,
  async run(args, io) {
    const sub = args.positionals[0];
    const f = sub ? subcommands[sub] : undefined;
    if (!f) throw new UsageError(sub ? `unknown lab command ${sub}` : 'missing lab command: up, down, status or exec');
    if (sub !== 'exec' && args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}`);
    return f(args, io);
  },
};
