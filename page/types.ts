/**
 * The home page's data: what `GET /api/page` answers and the browser draws. Every part comes from
 * the fleet view (each router's agent, asked over the overlay): `rows` is exactly what
 * `dlan status --fleet --json` prints (reconciler/fleet/view.ts FleetRow), the rest adds what a
 * home router's admin page shows. Plain JSON; times are Unix seconds or ages in seconds.
 */
import type { LinkState } from '../graph/model.js';
import type { Device } from '../reconciler/devices/devices.js';
import type { BackendProbe } from '../reconciler/agent/local/types.js';
import type { DlanEvent } from '../reconciler/events/journal.js';
import type { FleetRow } from '../reconciler/fleet/view.js';

/** A file of the topology repo, with links to the forge when agent.yaml names one. */
export interface RepoFile {
  readonly path: string;
  /** The file at the applied commit on the forge. */
  readonly view?: string;
  /** The forge's editor for it on the branch (a change is a commit, reviewed and signed). */
  readonly edit?: string;
}

export interface RouterView {
  readonly router: string;
  readonly site?: string;
  readonly place?: string;
  readonly file: RepoFile;
  /** The agent's uptime, when it answered. */
  readonly uptimeS?: number;
  readonly version?: string;
  /** The reconcile running now. */
  readonly busy?: string;
  /** Peers as the router sees them (name, up, why not). */
  readonly peers: readonly { readonly name: string; readonly up: boolean; readonly detail: string }[];
  /** The page could not ask this router (or part of it): why. */
  readonly problems: readonly string[];
}

export interface DeviceView extends Device {
  /** Static leases: the router's file, where the lease is written. */
  readonly file?: RepoFile;
}

export interface LinkView {
  readonly a: string;
  readonly b: string;
  readonly state: LinkState;
  /** Round-trip time, the better of the two ends' measurements. */
  readonly rttMs?: number;
  /** What each end says, for people: `r1: WireGuard up, OSPF Full, BFD up, 0.4 ms`. */
  readonly detail: readonly string[];
}

export interface ForwardView {
  readonly service: string;
  readonly description?: string;
  readonly router: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly to: number;
  readonly proxyProtocol: boolean;
  readonly backends: readonly BackendProbe[];
  readonly file: RepoFile;
}

export interface HistoryRow extends DlanEvent {
  /** Seconds before the page's data was gathered. */
  readonly ageS: number;
}

export interface PageData {
  readonly network: string;
  readonly domain: string;
  /** The commit of the topology this page was drawn from (the serving router's applied one). */
  readonly commit?: string;
  /** The router that served the page. */
  readonly servedBy: string;
  /** Unix seconds when the data was gathered. */
  readonly at: number;
  readonly rows: readonly FleetRow[];
  readonly routers: readonly RouterView[];
  readonly devices: readonly DeviceView[];
  readonly links: readonly LinkView[];
  readonly forwards: readonly ForwardView[];
  readonly history: readonly HistoryRow[];
  /** Changes when a link's state changes: the browser reloads the map then. */
  readonly mapVersion: string;
  /** How backend health is found (said on the page). */
  readonly probe: string;
  readonly repo: { readonly network: RepoFile; readonly url?: string };
}
