import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgentConfig } from '../../reconciler/agent-config.js';
import { readAgentConfig } from '../../reconciler/agent/wire.js';
import { hasError, localSystem, renderDoctor, runDoctor } from '../../reconciler/doctor/index.js';
import { doctorTarget } from '../../reconciler/doctor/target-from.js';
import { localHost } from '../../reconciler/host.js';
import { detectWireguard } from '../../reconciler/wireguard/detect.js';
import { buildTime } from '../build-time.js';
import { type Command, flag, jsonOption, printJson, str, UsageError } from '../command.js';

const DEFAULT_CONFIG = '/etc/dlan/agent.yaml';

export const doctor: Command = {
  name: 'doctor',
  summary: 'Check this box before enabling dlan: software, the ports and interfaces of its router file, distro defaults that fight dlan. Exit 0 when no error, 1 otherwise.',
  details: [
    'Each finding says what is wrong and how to fix it. The router is the one agent.yaml names, as last applied or fetched;',
    'before the first fetch, name a topology working tree with --repo DIR --router NAME.',
    'The agent runs the same checks when it starts and logs what is not ok.',
  ].join('\n'),
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', description: `Agent config (default ${DEFAULT_CONFIG}, read when it exists).` },
    repo: { type: 'string', value: 'DIR', description: 'A topology working tree to check this router against.' },
    router: { type: 'string', short: 'r', value: 'NAME', description: 'With --repo: the router this box is (default: agent.yaml\'s).' },
    root: { type: 'string', value: 'DIR', description: 'Root the distro files are read under (default: agent.yaml\'s root, else /).' },
    json: jsonOption,
  },
  async run(args, io) {
    const configFile = resolve(io.cwd, str(args, 'config') ?? DEFAULT_CONFIG);
    const explicit = str(args, 'config') !== undefined;
    const config: AgentConfig | undefined = explicit || existsSync(configFile) ? await readAgentConfig(configFile) : undefined;
    const repoDir = str(args, 'repo');
    const router = str(args, 'router') ?? config?.router;
    if (repoDir && !router) throw new UsageError('--repo needs --router (or an agent.yaml naming the router)');
    if (str(args, 'router') && !repoDir) throw new UsageError('--router goes with --repo');
    const root = resolve(io.cwd, str(args, 'root') ?? config?.root ?? '/');
    const host = localHost({ rootDir: root });
    const builtAt = await buildTime();
    const target = await doctorTarget({
      host, wireguard: await detectWireguard(localHost(), config?.wireguard ?? 'auto'),
      ...(config && { config }), ...(repoDir && router && { repo: { dir: resolve(io.cwd, repoDir), router } }),
      flavour: existsSync('/run/systemd/system') ? 'systemd' : 'process', ...(builtAt && { builtAt }),
    });
    const report = await runDoctor(localSystem(host), target);
    if (flag(args, 'json')) printJson(io, report);
    else io.stdout(renderDoctor(report));
    return hasError(report.findings) ? 1 : 0;
  },
};
