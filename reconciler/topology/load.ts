/**
 * From the repo's files to a checked Topology: parse (with positions), schema-check every file,
 * then run the semantic checks. Pure: the caller hands in the files' text (from a directory or
 * a git tree). Every finding is returned at once, sorted by file and line.
 */
import { AddressPlan } from './address-plan.js';
import { checkDhcp, checkPrefixes, checkStaticLeases } from './checks/addresses.js';
import type { Check } from './checks/context.js';
import { checkOverlayConnected } from './checks/overlay.js';
import { checkPublicKeys, checkReferences, checkRouterIdentity } from './checks/routers.js';
import { checkServices } from './checks/services.js';
import { compareDiagnostics, type Diagnostic, hasErrors } from './diagnostic.js';
import { parsePrefix } from './ip.js';
import { networkSettings, type RouterDef, type ServiceDef, type Topology } from './model.js';
import { derivePeerings, type Peering } from './peerings.js';
import { checkSchema, type SchemaKind } from './schema-check.js';
import { type ParsedFile, parseYaml, Reporter, type SourceFile } from './yaml-source.js';
import type { Network, Router, Service } from '../../schema/types.js';

export interface LoadResult {
  /** Present when there is no error (warnings allowed). */
  readonly topology?: Topology;
  readonly peerings?: readonly Peering[];
  readonly plan?: AddressPlan;
  readonly diagnostics: readonly Diagnostic[];
}

const semanticChecks: readonly Check[] = [
  checkRouterIdentity, checkPublicKeys, checkReferences, checkPrefixes, checkDhcp, checkStaticLeases,
  checkOverlayConnected, checkServices,
];

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Which topology file a repo path is, if any: `network.yaml`, `routers/x.yaml`, `services/x.yaml`. */
export function classify(path: string): { kind: Exclude<SchemaKind, 'agent'>; name: string } | undefined {
  if (/^network\.ya?ml$/.test(path)) return { kind: 'network', name: 'network' };
  const m = /^(routers|services)\/([^/]+)\.ya?ml$/.exec(path);
  if (!m) return undefined;
  return { kind: m[1] === 'routers' ? 'router' : 'service', name: m[2]! };
}

export function loadTopology(files: readonly SourceFile[]): LoadResult {
  const parsed = new Map<string, ParsedFile>();
  const report = new Reporter(parsed);
  const diagnostics: Diagnostic[] = [];
  let network: Network | undefined;
  const routers: RouterDef[] = [];
  const services: ServiceDef[] = [];

  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of sorted) {
    const kind = classify(f.path);
    if (!kind) continue;
    const { parsed: p, diagnostics: syntax } = parseYaml(f);
    diagnostics.push(...syntax);
    if (!p) continue;
    parsed.set(f.path, p);
    if (kind.kind !== 'network' && !NAME.test(kind.name)) {
      report.error('BadFileName', f.path, [], `${kind.name} is not a valid name (lower-case letters, digits and dashes; it becomes a DNS label)`);
      continue;
    }
    if (!checkSchema(kind.kind, p, report)) continue;
    if (kind.kind === 'network') network = p.value as Network;
    else if (kind.kind === 'router') routers.push({ ...(p.value as Router), name: kind.name, file: f.path });
    else services.push({ ...(p.value as Service), name: kind.name, file: f.path });
  }
  if (!files.some((f) => classify(f.path)?.kind === 'network')) {
    diagnostics.push({ severity: 'error', code: 'MissingNetwork', file: 'network.yaml', line: 1, col: 1, field: '',
      message: 'the repo has no network.yaml (run `dlan init` to start one)' });
  }
  diagnostics.push(...report.diagnostics);
  if (hasErrors(diagnostics) || !network) return { diagnostics: diagnostics.sort(compareDiagnostics) };

  const topology: Topology = {
    network: networkSettings(network),
    routers: routers.sort((a, b) => a.name.localeCompare(b.name)),
    services: services.sort((a, b) => a.name.localeCompare(b.name)),
  };
  const plan = new AddressPlan(parsePrefix(topology.network.overlay.ipv4)!, parsePrefix(topology.network.overlay.ipv6)!);
  const peerings = derivePeerings(topology.routers);
  const semantic = new Reporter(parsed);
  for (const check of semanticChecks) check({ topology, plan, peerings, report: semantic });
  const all = [...diagnostics, ...semantic.diagnostics].sort(compareDiagnostics);
  return hasErrors(all) ? { diagnostics: all } : { topology, peerings, plan, diagnostics: all };
}
