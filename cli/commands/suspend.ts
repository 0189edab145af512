/**
 * `dlan suspend --reason "…"` / `dlan resume`: pause this router's agent while you work on the
 * box (Flux's suspend/resume). Suspended, it still fetches, verifies and reports, but applies
 * nothing; the suspension is kept in the state dir, so it survives restarts. When the agent is
 * not running the file is written directly and takes effect when it starts.
 */
import { resolve } from 'node:path';
import { resume as resumeAgent, suspend as suspendAgent } from '../../reconciler/api/client.js';
import { clearSuspension, writeSuspension } from '../../reconciler/agent/suspension.js';
import { DEFAULT_STATE_DIR } from '../../reconciler/report/state-file.js';
import { agentNotRunning, controlSocket, socketOption } from '../agent-socket.js';
import { type Command, flag, jsonOption, printJson, requireStr, str } from '../command.js';

const stateDirOption = { type: 'string', value: 'DIR', description: "The agent's state dir (used when the agent is not running).", default: DEFAULT_STATE_DIR } as const;

export const suspend: Command = {
  name: 'suspend',
  summary: "Pause this router's agent: it keeps fetching, verifying and reporting, but applies nothing until dlan resume.",
  options: {
    reason: { type: 'string', value: 'TEXT', description: 'Why (shown in dlan status, the fleet view and the commit status).' },
    socket: socketOption,
    'state-dir': stateDirOption,
    json: jsonOption,
  },
  async run(args, io) {
    const reason = requireStr(args, 'reason');
    let via = 'agent';
    let s;
    try {
      s = await suspendAgent(controlSocket(args), reason);
    } catch (e) {
      if (!agentNotRunning(e)) throw e;
      via = 'file';
      s = { reason, since: new Date().toISOString() };
      await writeSuspension(resolve(io.cwd, str(args, 'state-dir') ?? DEFAULT_STATE_DIR), s);
    }
    if (flag(args, 'json')) printJson(io, { suspended: s, via });
    else io.stdout(via === 'agent' ? `suspended: ${s.reason}\n` : `the agent is not running; it will start suspended: ${s.reason}\n`);
    return 0;
  },
};

export const resume: Command = {
  name: 'resume',
  summary: "Resume this router's agent after dlan suspend: it reconciles at once.",
  options: { socket: socketOption, 'state-dir': stateDirOption, json: jsonOption },
  async run(args, io) {
    let via = 'agent';
    try {
      await resumeAgent(controlSocket(args));
    } catch (e) {
      if (!agentNotRunning(e)) throw e;
      via = 'file';
      await clearSuspension(resolve(io.cwd, str(args, 'state-dir') ?? DEFAULT_STATE_DIR));
    }
    if (flag(args, 'json')) printJson(io, { resumed: true, via });
    else io.stdout(via === 'agent' ? 'resumed\n' : 'the agent is not running; it will not start suspended\n');
    return 0;
  },
};
