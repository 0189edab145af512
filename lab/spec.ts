/**
 * lab.yaml: parsed with positions and checked against schema/lab.schema.json, every finding at
 * once as `file:line:col: field: message`, like the topology files. Pure: the caller reads it.
 */
import { Ajv, type ErrorObject } from 'ajv';
import labSchema from '../schema/lab.schema.json' with { type: 'json' };
import type { Diagnostic } from '../reconciler/topology/diagnostic.js';
import { parsePrefix } from '../reconciler/topology/ip.js';
import { parseYaml, Reporter, type ParsedFile, type SourceFile } from '../reconciler/topology/yaml-source.js';

export interface LabSpec {
  readonly internet: { readonly addresses: readonly string[] };
  readonly homeRouters?: Readonly<Record<string, { readonly site: string; readonly wan: string; readonly lan: string }>>;
  readonly routers: Readonly<Record<string, { readonly wan: string }>>;
  readonly servers?: Readonly<Record<string, { readonly router: string; readonly mac?: string }>>;
  readonly hosts?: Readonly<Record<string, { readonly address: string }>>;
  readonly git?: { readonly host: string; readonly port?: number };
}

export const labFileName = 'lab.yaml';

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('ipv4-prefix', { type: 'string', validate: (s: string) => parsePrefix(s, 4) !== undefined });
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
    for (const e of validate.errors ?? []) {
      const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      report.error('Schema', source.path, path, describe(e), e.keyword === 'additionalProperties' || e.keyword === 'required');
    }
    return { file: parsed, diagnostics: report.diagnostics };
  }
  return { spec: parsed.value as unknown as LabSpec, file: parsed, diagnostics: [] };
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field ${String(p.additionalProperty)}`;
  if (e.keyword === 'required') return `missing field ${String(p.missingProperty)}`;
  if (e.keyword === 'format') return `must be an address with its prefix length, like 192.0.2.1/24`;
  return e.message ?? e.keyword;
}
