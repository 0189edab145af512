/** GET /v1/leases, /v1/links, /v1/forwards on the status API (see types.ts). */
import { type Routes, sendJson } from '../../api/routes.js';
import type { LocalInfo } from './types.js';

export function localRoutes(info: LocalInfo): Routes {
  return async (req, res, url) => {
    if (req.method !== 'GET') return false;
    switch (url.pathname) {
      case '/v1/leases': sendJson(res, 200, await info.leases()); return true;
      case '/v1/links': sendJson(res, 200, await info.links()); return true;
      case '/v1/forwards': sendJson(res, 200, await info.forwards()); return true;
      default: return false;
    }
  };
}
