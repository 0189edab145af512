/**
 * Routes added to the agent's HTTP listeners beside api/server.ts's own: the agent's LAN and link
 * answers (local/routes.ts) and the home page (page/routes.ts, a layer above, handed in by the
 * command that starts the agent). A Routes answers the request and resolves true, or resolves
 * false and leaves it to the next; the server answers 404 when none took it. Routes only see
 * GET: the listeners they are added to are read-only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Routes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export const combineRoutes = (...all: readonly (Routes | undefined)[]): Routes => async (req, res, url) => {
  for (const r of all) if (r && (await r(req, res, url))) return true;
  return false;
};

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(value)}\n`);
}
