/**
 * `dlan reconcile [--wait]`: make the running agent fetch and reconcile now (Flux's
 * `flux reconcile --with-source`). With --wait it streams the agent's progress and exits with
 * its outcome: 0 applied (or nothing to do), 1 refused or failed. It never reconciles beside the
 * agent (that is what `dlan apply` is for when no agent runs).
 */
import { nudge, reconcileNow } from '../../reconciler/api/client.js';
import { Stalled } from '../../model/errors.js';
import { agentNotRunning, controlSocket, socketOption } from '../agent-socket.js';
import { type Command, flag, jsonOption, printJson } from '../command.js';

export const reconcile: Command = {
  name: 'reconcile',
  summary: 'Ask the running agent to fetch and reconcile now; with --wait, show its progress and exit with its outcome.',
  options: {
    wait: { type: 'boolean', description: 'Wait for the reconcile and exit with its outcome (0 ok, 1 failed).' },
    socket: socketOption,
    json: jsonOption,
  },
  async run(args, io) {
    const json = flag(args, 'json');
    try {
      if (!flag(args, 'wait')) {
        await nudge(controlSocket(args));
        if (json) printJson(io, { requested: true });
        else io.stdout('reconcile requested\n');
        return 0;
      }
      const result = await reconcileNow(controlSocket(args), (l) => {
        if (l.type !== 'progress') return;
        if (json) io.stdout(`${JSON.stringify(l)}\n`);
        else io.stderr(`${l.event}${l.fields ? ` ${Object.entries(l.fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : ''}\n`);
      });
      if (json) io.stdout(`${JSON.stringify(result)}\n`);
      else io.stdout(`${result.ok ? 'ok' : 'failed'}: ${result.outcome}${result.commit ? ` ${result.commit.slice(0, 7)}` : ''}: ${result.description}\n`);
      return result.ok ? 0 : 1;
    } catch (e) {
      if (agentNotRunning(e)) throw new Stalled('AgentNotRunning', `${(e as Error).message}\nthe agent is not running here: start it (systemctl start dlan-agent) or run one reconcile with dlan apply`);
      throw e;
    }
  },
};
