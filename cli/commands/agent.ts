import { resolve } from 'node:path';
import { startAgent } from '../../reconciler/agent/agent.js';
import { readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { makeLogger } from '../../reconciler/log.js';
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
    const reload = async () => {
      const next = await readAgentConfig(configFile);
      return { config: next, deps: reconcileDeps(next, log) };
    };
    const a = startAgent({ configFile, config, deps: reconcileDeps(config, log), log, random: Math.random, reload });
    const stop = () => { void a.stop(); };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await a.stopped;
    return 0;
  },
};
