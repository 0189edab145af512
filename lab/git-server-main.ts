/**
 * `node git-server-main.js ROOT HOST PORT`: the lab's git server process (see git-server.ts).
 * Runs until SIGTERM.
 */
import { startGitHttpServer } from './git-http-server.js';

const [root, host, port] = process.argv.slice(2);
if (!root || !host || !port) {
  process.stderr.write('usage: git-server-main.js ROOT HOST PORT\n');
  process.exit(2);
}
const server = await startGitHttpServer({ root, host, port: Number(port), receivePack: true });
process.stdout.write(`serving ${root} on ${server.url('')}\n`);
process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
