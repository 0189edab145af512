/**
 * From the repo's files to a checked Topology: parse (with positions), schema-check every file,
 * then run the semantic checks. Pure: the caller hands in the files' text (from a directory or
 * a git tree). Every finding is returned at once, sorted by file and line.
 */
import { type AddressPlan, addressPlanOf } from './address-plan.js';
import { checkDhcp, checkPrefixes, checkStaticLeases } from './checks/addresses.js';
import type { Check } from './checks/context.js';
import { checkDnsNames } from './checks/dns.js';
import { checkEndpoints } from './checks/endpoints.js';
import { checkInterfaces } from './checks/interfaces.js';
import { checkOverlayConnected } from './checks/overlay.js';
import { checkTimers } from './checks/timers.js';
import { checkPublicKeys, checkReferences, checkRouterIdentity } from './checks/routers.js';
import { checkServices } from './checks/services.js';
import { compareDiagnostics, type Diagnostic, hasErrors } from './diagnostic.js';
import { networkSettings, type RouterDef, type ServiceDef, type Topology } from './model.js';
import { derivePeerings, type Peering } from './peerings.js';
import { checkSchema, type SchemaKind } from './schema-check.js';
import { LIMITS } from './limits.js';
import { byPath, isRefused, type RepoFile } from './repo-files.js';
import { type ParsedFile, parseYaml, Reporter } from './yaml-source.js';
import type { Network, Router, Service } from '../schema/types.js';

export interface LoadResult {
  /** Present when there is no error (warnings allowed). */
  readonly topology?: Topology;
  readonly peerings?: readonly Peering[];
  readonly plan?: AddressPlan;
  readonly diagnostics: readonly Diagnostic[];
}

const semanticChecks: readonly Check[] = [
  checkRouterIdentity, checkPublicKeys, checkReferences, checkEndpoints, checkInterfaces, checkPrefixes, checkDhcp,
  checkStaticLeases, checkDnsNames, checkTimers, checkOverlayConnected, checkServices,
];

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Router and service names become DNS labels (r1.lan, and nginx upstream names): RFC 1035 caps a label at 63. */
export const MAX_NAME = 63;

/** Which topology file a repo path is, if any: `network.yaml`, `routers/x.yaml`, `services/x.yaml`. */
export function classify(path: string): { kind: Exclude<SchemaKind, 'agent'>; name: string } | undefined {
  if (/^network\.ya?ml$/.test(path)) return { kind: 'network', name: 'network' };
  const m = /^(routers|services)\/([^/]+)\.ya?ml$/.exec(path);
  if (!m) return undefined;
  return { kind: m[1] === 'routers' ? 'router' : 'service', name: m[2]! };
}

/** At most LIMITS.findings findings, then one that counts the rest. */
function capped(ds: Diagnostic[]): Diagnostic[] {
  const max = LIMITS.findings.value;
  if (ds.length <= max) return ds;
  const last = ds[max - 1]!;
  return [...ds.slice(0, max), { severity: 'error', code: 'TooManyFindings', file: last.file, line: last.line, col: last.col, field: '',
    message: `and ${ds.length - max} more findings not listed (at most ${max} are kept)` }];
}

export function loadTopology(files: readonly RepoFile[]): LoadResult {
  const parsed = new Map<string, ParsedFile>();
  const report = new Reporter(parsed);
  const diagnostics: Diagnostic[] = [];
  let network: Network | undefined;
  const routers: RouterDef[] = [];
  const services: ServiceDef[] = [];

  const sorted = [...files].sort(byPath);
  const networkFiles = sorted.filter((f) => classify(f.path)?.kind === 'network');
  if (networkFiles.length > 1) {
    // network.yaml next to network.yml: which one a router reads would be an accident of order.
    const [first, ...rest] = networkFiles;
    for (const f of rest) {
      diagnostics.push({ severity: 'error', code: 'DuplicateNetworkFile', file: f.path, line: 1, col: 1, field: '',
        message: `the repo has both ${first!.path} and ${f.path}; keep one`, related: [{ file: first!.path, line: 1, col: 1, message: 'the other one' }] });
    }
  }
  for (const f of sorted) {
    const kind = classify(f.path);
    if (!kind) continue;
    if (isRefused(f)) {
      diagnostics.push({ severity: 'error', code: f.refused.code, file: f.path, line: 1, col: 1, field: '', message: f.refused.message });
      continue;
    }
    const { parsed: p, diagnostics: syntax } = parseYaml(f);
    diagnostics.push(...syntax);
    if (!p) continue;
    parsed.set(f.path, p);
    if (kind.kind !== 'network' && (!NAME.test(kind.name) || kind.name.length > MAX_NAME)) {
      report.error('BadFileName', f.path, [], `${kind.name} is not a valid ${kind.kind} name: 1 to ${MAX_NAME} lower-case letters, digits and dashes, not starting or ending with a dash (it becomes a DNS label), e.g. ${kind.kind === 'router' ? 'r1' : 'web'}`);
      continue;
    }
    if (!checkSchema(kind.kind, p, report)) continue;
    if (kind.kind === 'network') network = p.value as Network;
    else if (kind.kind === 'router') routers.push({ ...(p.value as Router), name: kind.name, file: f.path });
    else services.push({ ...(p.value as Service), name: kind.name, file: f.path });
  }
  // Refusals of entries that are no topology file themselves (a `routers` that is a link).
  for (const f of sorted) {
    if (!classify(f.path) && isRefused(f)) diagnostics.push({ severity: 'error', code: f.refused.code, file: f.path, line: 1, col: 1, field: '', message: f.refused.message });
  }
  if (networkFiles.length === 0) {
    diagnostics.push({ severity: 'error', code: 'MissingNetwork', file: 'network.yaml', line: 1, col: 1, field: '',
      message: 'the repo has no network.yaml (run `dlan init` to start one)' });
  }
  diagnostics.push(...report.diagnostics);
  if (hasErrors(diagnostics) || !network) return { diagnostics: capped(diagnostics.sort(compareDiagnostics)) };

  const topology: Topology = {
    network: networkSettings(network),
    routers: routers.sort((a, b) => a.name.localeCompare(b.name)),
    services: services.sort((a, b) => a.name.localeCompare(b.name)),
  };
  const plan = addressPlanOf(topology.network);
  const peerings = derivePeerings(topology.routers);
  const semantic = new Reporter(parsed);
  const networkFile = networkFiles[0]!.path;
  for (const check of semanticChecks) check({ topology, plan, peerings, report: semantic, networkFile });
  const all = capped([...diagnostics, ...semantic.diagnostics].sort(compareDiagnostics));
  return hasErrors(all) ? { diagnostics: all } : { topology, peerings, plan, diagnostics: all };
}
