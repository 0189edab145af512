import { resolve } from 'node:path';
import { startAgent } from '../../reconciler/agent/agent.js';
import { agentReadOnlyRoutes } from '../../page/agent-routes.js';
import { chooseWireguardFor, readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { doctorAtStart } from '../../reconciler/agent/doctor-at-start.js';
import { makeLogger } from '../../reconciler/log.js';
import { buildTime } from '../build-time.js';
import { VERSION } from '../version.js';
import { type Command, str } from '../command.js';

export const agent: Command = {
  name: 'agent',
  summary: 'Keep this router in line with the signed topology repo: reconcile on a schedule and when local config or trust files change.',
  details: 'Logs one JSON object per line when not on a terminal. SIGTERM lets the reconcile in progress finish.',
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', description: 'Agent config.', default: '/etc/dlan/agent.yaml' },
  },
  async run(args, io) {
    const configFile = resolve(io.cwd, str(args, 'config') ?? '/etc/dlan/agent.yaml');
    const config = await readAgentConfig(configFile);
    const format = config.log === 'auto' ? (io.isTTY ? 'text' : 'json') : config.log;
    const log = makeLogger({ format, write: io.stderr, now: () => new Date(), base: { router: config.router } });
    // Decided once: a re-read agent.yaml asks again only when its `wireguard` changed.
    let wireguard = await chooseWireguardFor(config, log);
    const reload = async () => {
      const next = await readAgentConfig(configFile);
      wireguard = await chooseWireguardFor(next, log, wireguard);
      return { config: next, deps: reconcileDeps(next, log, wireguard) };
    };
    const deps = reconcileDeps(config, log, wireguard);
    await doctorAtStart(deps, await buildTime());
    // The LAN answers and the home page, on the agent's read-only listener (page/ is above the agent).
    // One memo of the applied topology for the routes and the agent's listeners and fan-out.
    const { routes, applied } = agentReadOnlyRoutes({ config, host: deps.host, ...(deps.renderOptions && { renderOptions: deps.renderOptions }), log });
    const a = startAgent({ configFile, config, deps, log, random: Math.random, reload, version: VERSION, readOnlyRoutes: routes, applied });
    const stop = () => { void a.stop(); };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await a.stopped;
    return 0;
  },
};
