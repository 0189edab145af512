/**
 * JSON Schema validation (ajv's generated validators) of each topology file, every error at once, each pointed at the
 * line and column it comes from. The schemas in schema/ are the single source of truth.
 *
 * ajv's wording ("must match pattern ^(…)$", "must NOT have additional properties") is turned
 * into what a person can act on: an example of the expected form (each pattern in the schemas
 * carries a `patternErrorMessage`, which editors using yaml-language-server show too), the
 * value that was given, and "did you mean" for a mistyped field. A mistyped required field
 * (`backend:` for `backends:`) is one finding, not "backends is required" plus "backend is
 * not a known field".
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldPath } from './diagnostic.js';
import { formatRules } from './schema-formats.js';
import * as generated from './schema-validators.generated.js';
import { closest } from './suggest.js';
import type { ParsedFile, Reporter } from './yaml-source.js';

export type SchemaKind = 'network' | 'router' | 'service' | 'agent';

// Compiled ahead of time from schema/*.schema.json by `npm run gen` (ajv's standalone code):
// compiling the four schemas at start cost ~100 ms CPU and ~12 MB resident in every command
// and in the agent; the generated functions load in ~13 ms and leave ajv's compiler unloaded.
const validators = generated as unknown as Record<SchemaKind, ValidateFunction>;

interface Finding { readonly path: FieldPath; readonly message: string; readonly key: boolean }

/** Validates one parsed file against its schema; reports through `report`; true when valid. */
export function checkSchema(kind: SchemaKind, file: ParsedFile, report: Reporter): boolean {
  const validate = validators[kind];
  if (validate(file.value)) return true;
  for (const f of describeAll(dedupe(validate.errors ?? []), file.value)) report.error('Schema', file.path, f.path, f.message, f.key);
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

/** A value as a person would name it in a message: `"eth 0"`, `70000`, a list, a mapping. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

const typeWords: Record<string, string> = {
  integer: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false',
  array: 'a list (- item, or [a, b])', object: 'a mapping (field: value)', null: 'empty',
};

const schemaOf = (e: ErrorObject): Record<string, unknown> => (e.parentSchema ?? {}) as Record<string, unknown>;

function describe(e: ErrorObject, value: unknown): Finding {
  const path = pathOf(e.instancePath, value);
  const p = e.params as Record<string, unknown>;
  const s = schemaOf(e);
  if (e.propertyName !== undefined) {
    // A map's key (a site's name) broke a rule of `propertyNames`.
    const like = typeof s.patternErrorMessage === 'string' ? s.patternErrorMessage : 'a valid name';
    const why = e.keyword === 'maxLength' ? `is too long: a name here has at most ${String(p.limit)} characters` : `is not a valid name: must be ${like}`;
    return { path: [...path, e.propertyName], message: why, key: true };
  }
  switch (e.keyword) {
    case 'required':
      return { path: [...path, String(p.missingProperty)], message: 'is required but missing', key: true };
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const known = Object.keys((s.properties ?? {}) as object);
      const near = closest(name, known);
      const listed = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ');
      return { path: [...path, name], key: true,
        message: near ? `is not a known field; did you mean ${near}?` : `is not a known field (the fields here: ${listed || 'none'})` };
    }
    case 'type': {
      const want = String(p.type).split(',').map((t) => typeWords[t] ?? t).join(' or ');
      return { path, message: `must be ${want}, not ${shown(e.data)}`, key: false };
    }
    case 'format':
      return { path, message: `must be ${formatRules[String(p.format)]?.like ?? String(p.format)}, not ${shown(e.data)}`, key: false };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const near = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return { path, message: `must be one of ${allowed.join(', ')}, not ${shown(e.data)}${near ? `; did you mean ${near}?` : ''}`, key: false };
    }
    case 'pattern': {
      const like = typeof s.patternErrorMessage === 'string' ? s.patternErrorMessage : 'in the form the reference describes';
      return { path, message: `must be ${like}, not ${shown(e.data)}`, key: false };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return { path, message: `must be at least ${Number(p.limit) + (e.keyword === 'exclusiveMinimum' ? 1 : 0)}, not ${shown(e.data)}`, key: false };
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, message: `must be at most ${Number(p.limit) - (e.keyword === 'exclusiveMaximum' ? 1 : 0)}, not ${shown(e.data)}`, key: false };
    case 'maxLength':
      return { path, message: `must be at most ${String(p.limit)} characters long (it has ${String((e.data as string).length)})`, key: false };
    case 'minLength':
      return { path, message: Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`, key: false };
    case 'minItems':
      return { path, message: `must list at least ${String(p.limit)} item${Number(p.limit) === 1 ? '' : 's'}`, key: false };
    case 'maxItems':
      return { path, message: `must list at most ${String(p.limit)} items`, key: false };
    case 'uniqueItems': {
      // ajv's i is the later of the two equal items, j the earlier.
      const [later, earlier] = [Number(p.i), Number(p.j)];
      return { path: [...path, later], message: `${shown((e.data as unknown[])[later])} is listed twice (also item ${earlier + 1})`, key: false };
    }
    case 'const':
      return { path, message: `must be ${shown(p.allowedValue)}`, key: false };
    case 'oneOf':
    case 'anyOf':
      return { path, message: typeof s.errorMessage === 'string' ? `must be ${s.errorMessage}, not ${shown(e.data)}` : 'matches none of the allowed forms (see the reference)', key: false };
    default:
      return { path, message: e.message ?? e.keyword, key: false };
  }
}

/**
 * Findings for a set of errors, with a mistyped required field folded into one: the unknown
 * field that is near a missing required one at the same place becomes "did you mean".
 */
function describeAll(errors: ErrorObject[], value: unknown): Finding[] {
  const missing = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'required') missing.set(e.instancePath, [...(missing.get(e.instancePath) ?? []), String(e.params.missingProperty)]);
  }
  const meant = new Map<ErrorObject, string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const near = closest(String(e.params.additionalProperty), missing.get(e.instancePath) ?? []);
    if (near) meant.set(e, near);
  }
  const folded = new Set([...meant].map(([e, near]) => `${e.instancePath}/${near}`));
  const out: Finding[] = [];
  for (const e of errors) {
    const near = meant.get(e);
    if (near) {
      out.push({ path: [...pathOf(e.instancePath, value), String(e.params.additionalProperty)], key: true,
        message: `is not a known field; did you mean ${near}? (${near} is required)` });
    } else if (!(e.keyword === 'required' && folded.has(`${e.instancePath}/${String(e.params.missingProperty)}`))) {
      out.push(describe(e, value));
    }
  }
  return out;
}

/**
 * `propertyNames` reports both the name and the pattern; keep one finding per place. A `oneOf`
 * (a value or a list of values) fails with one `type` error per branch besides the real one:
 * keep what is wrong with the value, or the `oneOf` itself when only the types disagree.
 */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const oneOf = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const inner = (e: ErrorObject) => [...oneOf].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`));
  const specific = new Set(errors.filter((e) => inner(e) && e.keyword !== 'type' && e.keyword !== 'oneOf').map((e) => [...oneOf].find((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`))));
  return errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') return false;
    if (inner(e) && e.keyword === 'type') return false;
    if (e.keyword === 'oneOf' && specific.has(e.instancePath)) return false;
    const k = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
