/** Where the CLI finds the local agent: its control socket, and whether it answers. */
import { type AgentAddress, DEFAULT_CONTROL_SOCKET } from '../reconciler/api/client.js';
import type { OptionSpec, Parsed } from './command.js';
import { str } from './command.js';

export const socketOption: OptionSpec = { type: 'string', value: 'PATH', description: "The agent's control socket.", default: DEFAULT_CONTROL_SOCKET };

export const controlSocket = (args: Parsed): AgentAddress => ({ socketPath: str(args, 'socket') ?? DEFAULT_CONTROL_SOCKET });

/** True when the error means "no agent listens there" (not running), as opposed to an agent that answered badly. */
export const agentNotRunning = (e: unknown): boolean => (e as { code?: string }).code === 'AgentUnreachable';

/** Where the fleet commands find the topology (cli/fleet-topology.ts reads it; this stays light). */
export const fleetOptions: Readonly<Record<string, OptionSpec>> = {
  repo: { type: 'string', value: 'DIR', description: 'A working tree of the topology repo (default on a router: the commit its agent applied).' },
  config: { type: 'string', short: 'c', value: 'FILE', description: 'Agent config (topology copy and forge to fall back on).', default: '/etc/dlan/agent.yaml' },
};
