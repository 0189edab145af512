/**
 * lab.yaml: parsed with positions and checked against schema/lab.schema.json, every finding at
 * once as `file:line:col: field: message`, like the topology files. Pure: the caller reads it.
 */
import { Ajv, type ErrorObject } from 'ajv';
import labSchema from '../schema/lab.schema.json' with { type: 'json' };
import type { Diagnostic } from '../model/diagnostic.js';
import { parsePrefix } from '../model/ip.js';
import { parseYaml, Reporter, type ParsedFile, type SourceFile } from '../model/yaml-source.js';

/** One address with its prefix length, or a list (at most one per family) for a dual-stack interface. */
export type Addresses = string | readonly string[];

export interface LabSpec {
  /** One segment per entry. */
  readonly internet: { readonly addresses: readonly Addresses[] };
  readonly homeRouters?: Readonly<Record<string, { readonly site: string; readonly wan: Addresses; readonly lan: Addresses }>>;
  readonly routers: Readonly<Record<string, { readonly wan: Addresses }>>;
  readonly servers?: Readonly<Record<string, { readonly router: string; readonly mac?: string }>>;
  readonly hosts?: Readonly<Record<string, { readonly address: Addresses }>>;
  readonly git?: { readonly host: string; readonly port?: number };
}

/** The addresses of an interface as a list. */
export const addressList = (a: Addresses): readonly string[] => (typeof a === 'string' ? [a] : a);

export const labFileName = 'lab.yaml';

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('ip-prefix', { type: 'string', validate: (s: string) => parsePrefix(s) !== undefined });
const validate = ajv.compile(labSchema);

export interface ParsedLab {
  readonly spec?: LabSpec;
  readonly file?: ParsedFile;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseLabSpec(source: SourceFile): ParsedLab {
  const { parsed, diagnostics } = parseYaml(source);
  if (!parsed) return { diagnostics };
  const report = new Reporter(new Map([[source.path, parsed]]));
  if (!validate(parsed.value)) {
    for (const e of relevant(validate.errors ?? [])) {
      const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const p = e.params as Record<string, unknown>;
      // A bad name is reported at the name itself (its own line), and names it.
      if (e.keyword === 'propertyNames') path.push(String(p.propertyName));
      report.error('Schema', source.path, path, describe(e), ['additionalProperties', 'required', 'propertyNames'].includes(e.keyword));
    }
    return { file: parsed, diagnostics: report.diagnostics };
  }
  return { spec: parsed.value as unknown as LabSpec, file: parsed, diagnostics: [] };
}

/**
 * One finding per problem: a bad name fails `propertyNames` and, again, the rule inside it (at
 * the same place, without the name); an address or a list fails the branch of the other form
 * (`type`) besides its real problem, or only `oneOf` when the type is wrong for both.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const names = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  const under = (e: ErrorObject, p: string) => e.instancePath === p || e.instancePath.startsWith(`${p}/`);
  const oneOf = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  const explained = new Set(oneOf.filter((p) => errors.some((e) => under(e, p) && e.keyword !== 'type' && e.keyword !== 'oneOf')));
  return errors.filter((e) => {
    if (e.keyword !== 'propertyNames' && names.has(e.instancePath) && e.propertyName !== undefined) return false;
    if (e.keyword === 'type' && oneOf.some((p) => under(e, p))) return false;
    return !(e.keyword === 'oneOf' && explained.has(e.instancePath));
  });
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field ${String(p.additionalProperty)}`;
  if (e.keyword === 'required') return `missing field ${String(p.missingProperty)}`;
  if (e.keyword === 'format') return 'must be an address with its prefix length, like 192.0.2.1/24 or 2001:db8:1::1/64';
  if (e.keyword === 'oneOf') return 'must be an address with its prefix length, or a list of them (one per family)';
  if (e.keyword === 'propertyNames') return `${String(p.propertyName)} is not a valid node name (a DNS label: lower-case letters, digits and dashes, at most 63 characters)`;
  return e.message ?? e.keyword;
}
