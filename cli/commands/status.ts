import { resolve } from 'node:path';
import { localHost } from '../../reconciler/host.js';
import { readStateFile } from '../../reconciler/report/state-file.js';
import { renderStatusTable, statusView } from '../../reconciler/report/status-table.js';
import { type Command, flag, jsonOption, printJson, str } from '../command.js';

export const status: Command = {
  name: 'status',
  summary: "Show this router's state: applied commit, peers, handshake age, OSPF, the last error.",
  options: {
    'state-dir': { type: 'string', value: 'DIR', description: "The agent's state dir.", default: '/var/lib/dlan' },
    json: jsonOption,
  },
  async run(args, io) {
    const dir = resolve(io.cwd, str(args, 'state-dir') ?? '/var/lib/dlan');
    const state = await readStateFile(localHost(), dir);
    if (!state) {
      io.stderr(`no state in ${dir}: the agent has not run yet\n`);
      return 1;
    }
    const now = Math.floor(Date.now() / 1000);
    if (flag(args, 'json')) printJson(io, statusView(state, now));
    else io.stdout(renderStatusTable(statusView(state, now)));
    return 0;
  },
};
