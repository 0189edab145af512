/**
 * The command table. A command's module (and what it imports: isomorphic-git, openpgp, ajv…)
 * loads only when that command runs, so `dlan status` stays light and the bundle
 * (packaging/bundle.ts) splits into one chunk per command. `dlan --help` is rendered from the
 * names and titles here; a test keeps each title equal to the first sentence of the command's
 * own summary.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  /** The first sentence of the command's summary, for `dlan --help`. */
  readonly title: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'validate', title: 'Check a topology repo: schema, addresses, peerings, services', load: async () => (await import('./validate.js')).validate },
  { name: 'inspect', title: "Show one router's slice of the topology as the renderers use it: derived addresses, WireGuard port, DHCP ranges, peers, VNIs, forwards, DNS", load: async () => (await import('./inspect.js')).inspect },
  { name: 'render', title: "Render one router's configuration files and links into a directory (nothing is applied)", load: async () => (await import('./render.js')).render },
  { name: 'plan', title: 'Show what a reconcile would change on this router, like terraform plan', load: async () => (await import('./plan.js')).plan },
  { name: 'diff', title: 'Review a change before it merges: what BASE..HEAD does to every router and to the network', load: async () => (await import('./diff.js')).diff },
  { name: 'apply', title: 'Run one reconcile now, as the agent would: fetch, verify, plan, check, apply, report', load: async () => (await import('./apply.js')).apply },
  { name: 'agent', title: 'Keep this router in line with the signed topology repo: reconcile on a schedule and when local config or trust files change', load: async () => (await import('./agent.js')).agent },
  { name: 'status', title: "Show this router's state: applied commit, peers, handshake age, OSPF, the last error; --fleet: every router at once", load: async () => (await import('./status.js')).status },
  { name: 'events', title: 'Show what an agent did: each reconcile with its commit, outcome, changes and duration, refusals, rollbacks, suspensions', load: async () => (await import('./events.js')).events },
  { name: 'reconcile', title: 'Ask the running agent to fetch and reconcile now; with --wait, show its progress and exit with its outcome', load: async () => (await import('./reconcile.js')).reconcile },
  { name: 'suspend', title: "Pause this router's agent: it keeps fetching, verifying and reporting, but applies nothing until dlan resume", load: async () => (await import('./suspend.js')).suspend },
  { name: 'resume', title: "Resume this router's agent after dlan suspend: it reconciles at once", load: async () => (await import('./suspend.js')).resume },
  { name: 'doctor', title: 'Check this box before enabling dlan: software, the ports and interfaces of its router file, distro defaults that fight dlan', load: async () => (await import('./doctor.js')).doctor },
  { name: 'verify', title: 'Check whether a router would trust a commit: who signed it, or why it is refused', load: async () => (await import('./verify.js')).verify },
  { name: 'init', title: 'Start a new topology repo in DIR (which must be empty or absent), with one router to copy from', load: async () => (await import('./init.js')).init },
  { name: 'keygen', title: "Make this router's WireGuard key pair: the private key goes to a file (mode 0600) and is never printed; the public key is printed", load: async () => (await import('./keygen.js')).keygen },
  { name: 'graph', title: 'Draw the network: the physical view (sites, home routers, routers, LANs, hosts) or the logical one (the overlay and its peerings)', load: async () => (await import('./graph.js')).graph },
  { name: 'lab', title: 'Run the whole network of a topology repo on this machine, in network namespaces with the real daemons (root)', load: async () => (await import('./lab.js')).lab },
  { name: 'demo', title: 'Show what dlan does on the bundled sample network: live in network namespaces as root with the lab\'s packages, else a dry run that changes nothing', load: async () => (await import('./demo.js')).demo },
];

/** Every command, loaded (the man page, the shell completion, tests). */
export const loadCommands = (): Promise<Command[]> => Promise.all(commands.map((c) => c.load()));
