/**
 * What a router node needs to run `dlan agent` like a real router: /etc/dlan/agent.yaml (see
 * schema/agent.schema.json; the process service manager, since there is no systemd in a node),
 * /etc/dlan/allowed_signers trusting the lab key, and its key from keys.ts. `startAgents` is the
 * hook that starts them.
 */
import { AGENT_NODE_FLAGS } from '../reconciler/agent/node-flags.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dlanBin } from './keys.js';
import { spawnInNode, type Lab } from './node.js';
import { repoUrlFor } from './plan.js';
import type { ProcessRecord } from './state.js';

export const agentConfigPath = '/etc/dlan/agent.yaml';
export const allowedSignersPath = '/etc/dlan/allowed_signers';

export interface AgentSettings {
  /** Time between reconciles. Default 2s (+ up to 1s of jitter): a merge reaches the lab's routers in seconds. */
  readonly interval?: string;
  readonly jitter?: string;
  /** Commit statuses `dlan/<router>` posted to a forge (e.g. a test's fake one); the token goes to /etc/dlan/forge-token (0600). */
  readonly status?: { readonly forge: 'github' | 'gitea' | 'gitlab'; readonly url: string; readonly repo: string; readonly token: string };
  /** The forge's push webhook received on these routers (those with a public endpoint); the secret goes to /etc/dlan/webhook-secret (0600). */
  readonly webhook?: { readonly routers: readonly string[]; readonly port: number; readonly secret: string };
}

export const webhookSecretPath = '/etc/dlan/webhook-secret';

export const forgeTokenPath = '/etc/dlan/forge-token';

export function renderAgentConfig(router: string, repoUrl: string, s: AgentSettings = {}): string {
  return [
    `# dlan agent of ${router} in the lab (written by dlan lab up)`,
    `router: ${router}`,
    'repo:',
    `  url: ${repoUrl}`,
    '  branch: main',
    'trust:',
    `  allowedSigners: ${allowedSignersPath}`,
    'serviceManager: process',
    // The lab stops a router by killing its node's processes (lab down, e2e failover): with
    // wireguard-go its tunnel goes with them, as a real router's does when it loses power.
    'wireguard: userspace',
    'root: /',
    'schedule:',
    `  interval: ${s.interval ?? '2s'}`,
    `  jitter: ${s.jitter ?? '1s'}`,
    ...(s.webhook?.routers.includes(router) ? ['webhook:', `  port: ${s.webhook.port}`, `  secretFile: ${webhookSecretPath}`] : []),
    ...(s.status ? ['status:', `  forge: ${s.status.forge}`, `  url: ${s.status.url}`, `  repo: ${s.status.repo}`, `  tokenFile: ${forgeTokenPath}`] : []),
    'log: json',
    '',
  ].join('\n');
}

/** Writes agent.yaml (the repo at an address of a family its WAN has) and allowed_signers into every router node's /etc/dlan. */
export function writeAgentFiles(lab: Lab, allowedSigners: string, s: AgentSettings = {}): void {
  for (const r of lab.plan.routers) {
    const root = lab.paths.nodeRoot(r.node);
    writeFileSync(join(root, agentConfigPath), renderAgentConfig(r.node, repoUrlFor(lab.plan, r.node), s), { mode: 0o600 });
    writeFileSync(join(root, allowedSignersPath), allowedSigners, { mode: 0o644 });
    if (s.status) writeFileSync(join(root, forgeTokenPath), `${s.status.token}\n`, { mode: 0o600 });
    if (s.webhook?.routers.includes(r.node)) writeFileSync(join(root, webhookSecretPath), `${s.webhook.secret}\n`, { mode: 0o600 });
  }
}

/**
 * THE HOOK: starts `dlan agent` in every router node (its own /etc/dlan, /run, /var/lib/dlan),
 * detached, recorded by PID; `lab down` stops them and whatever they started (every process in
 * a lab namespace). Adjust the arguments here when the agent command settles.
 */
export async function startAgents(lab: Lab, routers: readonly string[] = lab.plan.routers.map((r) => r.node)): Promise<ProcessRecord[]> {
  const [node, cli] = dlanBin();
  // The same node flags as a real router's unit (reconciler/agent/node-flags.ts).
  return Promise.all(routers.map((r) => spawnInNode(lab, r, 'agent', [node!, ...AGENT_NODE_FLAGS, cli!, 'agent', '--config', agentConfigPath])));
}
