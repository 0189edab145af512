/**
 * Everything an agent adds to its read-only listeners, assembled from its config: its own LAN
 * and link answers (/v1/leases, /v1/links, /v1/forwards) and the home page (/, /api/...). The
 * command that starts the agent (cli/, the only layer above both page/ and the agent) calls this
 * once and hands the result to the agent, whose listeners (reconciler/agent/operations.ts
 * bindStatus) pass it to serveStatusApi for every address of readOnlyListeners:
 *
 *   const { routes } = agentReadOnlyRoutes({ config, host: deps.host, renderOptions: deps.renderOptions, log });
 *   for (const l of readOnlyListeners(slice, port)) servers.push(...await serveStatusApi(control, [l.host], l.port, log, routes));
 */
import type { AgentConfig } from '../reconciler/agent-config.js';
import { combineRoutes, type Routes } from '../reconciler/api/routes.js';
import { localInfo } from '../reconciler/agent/local/local-info.js';
import { localRoutes } from '../reconciler/agent/local/routes.js';
import { forgeTarget } from '../reconciler/agent/wire.js';
import { appliedOnce, type AppliedTopology } from '../reconciler/agent/applied-topology.js';
import type { Host } from '../reconciler/host.js';
import type { Logger } from '../reconciler/log.js';
import { defaultRenderOptions, type RenderOptions } from '../renderers/options.js';
import { slice } from '../model/slice.js';
import { pageRoutes } from './routes.js';

export interface AgentRoutesDeps {
  readonly config: AgentConfig;
  /** The reconcile's Host (its root maps the lease file's path). */
  readonly host: Host;
  readonly renderOptions?: Partial<RenderOptions>;
  readonly log: Logger;
  readonly now?: () => Date;
}

export function agentReadOnlyRoutes(d: AgentRoutesDeps): { readonly routes: Routes; readonly applied: () => Promise<AppliedTopology | undefined> } {
  const applied = appliedOnce(d.config.stateDir);
  const now = d.now ?? (() => new Date());
  const local = localInfo({
    router: d.config.router, host: d.host, now,
    leaseFile: d.renderOptions?.dhcpLeaseFile ?? defaultRenderOptions.dhcpLeaseFile,
    slice: async () => {
      const a = await applied();
      return a && a.topology.routers.some((r) => r.name === d.config.router) ? slice(a.topology, d.config.router) : undefined;
    },
  });
  const status = d.config.status;
  const page = pageRoutes({
    router: d.config.router, applied, log: d.log, now,
    repo: { url: d.config.repo.url, branch: d.config.repo.branch },
    ...(status && { forge: { ref: { forge: status.forge, url: status.url, repo: status.repo }, target: forgeTarget(status) } }),
  });
  return { routes: combineRoutes(localRoutes(local), page), applied };
}
