/**
 * JSON Schema validation (ajv) of each topology file, every error at once, each pointed at the
 * line and column it comes from. The schemas in schema/ are the single source of truth.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import networkSchema from '../../schema/network.schema.json' with { type: 'json' };
import routerSchema from '../../schema/router.schema.json' with { type: 'json' };
import serviceSchema from '../../schema/service.schema.json' with { type: 'json' };
import agentSchema from '../../schema/agent.schema.json' with { type: 'json' };
import type { FieldPath } from './diagnostic.js';
import { parseIPv4, parseIPv6, parsePrefix } from './ip.js';
import type { ParsedFile, Reporter } from './yaml-source.js';

export type SchemaKind = 'network' | 'router' | 'service' | 'agent';

const formats: Record<string, { test: (s: string) => boolean; like: string }> = {
  ipv4: { test: (s) => parseIPv4(s) !== undefined, like: 'an IPv4 address like 10.1.0.10' },
  ipv6: { test: (s) => parseIPv6(s) !== undefined, like: 'an IPv6 address like fd00:1::10' },
  ip: { test: (s) => parseIPv4(s) !== undefined || parseIPv6(s) !== undefined, like: 'an IPv4 or IPv6 address' },
  'ipv4-prefix': { test: (s) => parsePrefix(s, 4) !== undefined, like: 'an IPv4 prefix like 10.1.0.0/24' },
  'ipv6-prefix': { test: (s) => parsePrefix(s, 6) !== undefined, like: 'an IPv6 prefix like fd00:1::/64' },
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
for (const [name, f] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate: f.test });

const validators: Record<SchemaKind, ValidateFunction> = {
  network: ajv.compile(networkSchema),
  router: ajv.compile(routerSchema),
  service: ajv.compile(serviceSchema),
  agent: ajv.compile(agentSchema),
};

/** Validates one parsed file against its schema; reports through `report`; true when valid. */
export function checkSchema(kind: SchemaKind, file: ParsedFile, report: Reporter): boolean {
  const validate = validators[kind];
  if (validate(file.value)) return true;
  for (const e of dedupe(validate.errors ?? [])) {
    const { path, message, key } = describe(e, file.value);
    report.error('Schema', file.path, path, message, key);
  }
  return false;
}

function pathOf(pointer: string, value: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let cur: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isIndex = Array.isArray(cur) && /^[0-9]+$/.test(seg);
    out.push(isIndex ? Number(seg) : seg);
    cur = (cur as Record<string, unknown> | undefined)?.[seg];
  }
  return out;
}

function describe(e: ErrorObject, value: unknown): { path: FieldPath; message: string; key: boolean } {
  const path = pathOf(e.instancePath, value);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: [...path, String(p.missingProperty)], message: 'is required', key: true };
    case 'additionalProperties':
      return { path: [...path, String(p.additionalProperty)], message: 'is not a known field', key: true };
    case 'format':
      return { path, message: `must be ${formats[String(p.format)]?.like ?? String(p.format)}`, key: false };
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`, key: false };
    case 'pattern':
      return { path, message: `has the wrong form (must match ${String(p.pattern)})`, key: false };
    case 'propertyNames':
      return { path, message: 'has a badly formed name', key: true };
    default:
      return { path, message: e.message ?? e.keyword, key: false };
  }
}

/** `propertyNames` reports both the name and the pattern; keep one finding per place. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    const k = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
