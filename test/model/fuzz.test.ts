/**
 * Property-based tests (fast-check): whatever the files hold, the loader and the semantic
 * checks answer with findings, never an exception, and every finding names a file of the repo
 * and a line in it, with a code, and prints without control characters. Inputs: random text,
 * random YAML built from arbitrary values, and the sample files mutated the way hands and
 * editors break files. Each case is small (fast-check's default sizes) and every limit in
 * model/limits.ts bounds the time of one case.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { type Diagnostic, formatDiagnostic, formatRelated } from '../../model/diagnostic.js';
import { loadTopology } from '../../model/load.js';
import { excessiveNesting } from '../../model/yaml-depth.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { sampleFiles } from '../support/sample.js';

const sample = await sampleFiles();
const RUNS = Number(process.env.DLAN_FUZZ_RUNS ?? 150);
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** The invariants of a load: it returned, and every finding is well formed and printable. */
function wellFormed(files: readonly SourceFile[]): void {
  const r = loadTopology(files);
  const paths = new Set([...files.map((f) => f.path), 'network.yaml']);
  const lineCount = new Map(files.map((f) => [f.path, f.text.split('\n').length]));
  for (const d of r.diagnostics as Diagnostic[]) {
    assert.ok(paths.has(d.file), `finding for a file not in the repo: ${d.file}`);
    assert.ok(d.line >= 1 && d.line <= (lineCount.get(d.file) ?? 1) + 1, `line ${d.line} of ${d.file}`);
    assert.ok(d.col >= 1, `col ${d.col}`);
    assert.match(d.code, /^[A-Z][A-Za-z0-9]+$/);
    assert.ok(d.message.length > 0);
    for (const line of [formatDiagnostic(d), ...formatRelated(d)]) assert.not.match(line, CONTROL, line);
  }
  if (r.topology) assert.ok(!r.diagnostics.some((d) => d.severity === 'error'));
  else assert.ok(r.diagnostics.some((d) => d.severity === 'error'), 'an invalid topology has an error');
}

const withFile = (path: string, text: string): SourceFile[] => [...sample.filter((f) => f.path !== path), { path, text }];
const anyPath = fc.constantFrom('network.yaml', 'routers/r1.yaml', 'routers/r4.yaml', 'routers/x9.yaml', 'services/web.yaml', 'services/new.yaml');

const fuzz = suite('fuzz: the loader never throws');
fuzz('random text in any topology file', () => {
  fc.assert(fc.property(anyPath, fc.string({ unit: 'binary', maxLength: 400 }), (path, text) => wellFormed(withFile(path, text))), { numRuns: RUNS });
});
fuzz('random characters that YAML gives meaning to', () => {
  const yamlish = fc.string({ unit: fc.constantFrom(...'-:[]{},#&*!|>\'"%@`? \n\t.0123456789abcxyz<='.split('')), maxLength: 300 });
  fc.assert(fc.property(anyPath, yamlish, (path, text) => wellFormed(withFile(path, text))), { numRuns: RUNS });
});
fuzz('random YAML documents of arbitrary values', () => {
  fc.assert(fc.property(anyPath, fc.jsonValue({ maxDepth: 5 }), (path, value) => wellFormed(withFile(path, stringify(value)))), { numRuns: RUNS });
});
fuzz('the sample with fields replaced by arbitrary values', () => {
  const routerField = fc.constantFrom('id', 'publicKey', 'endpoint', 'siteEndpoint', 'site', 'wan', 'lan', 'peers', 'noPeers', 'description', '__proto__', 'constructor');
  fc.assert(fc.property(routerField, fc.jsonValue({ maxDepth: 3 }), (field, value) => {
    const r1 = sample.find((f) => f.path === 'routers/r1.yaml')!;
    const lines = r1.text.split('\n').filter((l) => !l.startsWith(`${field}:`));
    wellFormed(withFile('routers/r1.yaml', `${lines.join('\n')}\n${stringify({ [field]: value })}`));
  }), { numRuns: RUNS });
});

/** Ways hands and editors break a file: a character lost, doubled or changed, a line moved or re-indented. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete': { const at = m.at % (text.length + 1); return text.slice(0, at) + text.slice(at + m.len); }
    case 'insert': { const at = m.at % (text.length + 1); return text.slice(0, at) + m.text + text.slice(at); }
    case 'indent': {
      const i = m.line % lines.length;
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'swap': {
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'duplicate': { const i = m.line % lines.length; lines.splice(i, 0, lines[i]!); return lines.join('\n'); }
  }
}
fuzz('the sample files, mutated', () => {
  fc.assert(fc.property(fc.constantFrom(...sample.map((f) => f.path)), fc.array(mutation, { minLength: 1, maxLength: 4 }), (path, ms) => {
    const original = sample.find((f) => f.path === path)!.text;
    wellFormed(withFile(path, ms.reduce(mutate, original)));
  }), { numRuns: RUNS * 2 });
});
fuzz.run();

/** Values that pass the schema, so the semantic checks (not the schema) get to see them. */
const octet = fc.integer({ min: 0, max: 255 });
const hex2 = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0'));
const ipv4 = fc.tuple(fc.constantFrom(10, 192, 203, 0, 255), octet, octet, octet).map((a) => a.join('.'));
const ipv6 = fc.constantFrom('fd00:1::', 'fd64:6c61:6e::', '2001:db8::', '::', 'fd00:1::ffff').chain((p) => fc.integer({ min: 0, max: 0xffff }).map((n) => `${p}${n.toString(16)}`));
const endpoint = fc.oneof(
  fc.tuple(ipv4, fc.integer({ min: 0, max: 99999 })).map(([h, p]) => `${h}:${p}`),
  fc.tuple(ipv6, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `[${h}]:${p}`),
  fc.tuple(fc.stringMatching(/^[a-z0-9.-]{1,20}$/), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
);
const host = fc.record({
  name: fc.constantFrom('s1', 'router', 'nas', 'r2', 'a'.repeat(63)),
  mac: fc.array(hex2, { minLength: 6, maxLength: 6 }).map((b) => b.join(':')),
  ipv4: fc.option(ipv4, { nil: undefined }),
  ipv6: fc.option(ipv6, { nil: undefined }),
}).map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)));
const router = fc.record({
  id: fc.integer({ min: 1, max: 4095 }),
  publicKey: fc.constantFrom('7PveNsjsr4d31tzMBOpbdHfWwykvrOrXC5qML1+blzs=', 'XEaZ56cpYXQdS+4lK+II2l5CpNMLpi4zuNykjTZjKxg=', 'not-a-key'),
  endpoint: fc.option(endpoint, { nil: undefined }),
  site: fc.option(fc.constantFrom('home', 'friend', 'nowhere', 'constructor', '__proto__'), { nil: undefined }),
  wan: fc.record({ interface: fc.constantFrom('eth0', 'eth1', '.', '..', 'wg-dlan', 'dl7', 'a'.repeat(15)) }),
  lan: fc.option(fc.record({
    interface: fc.constantFrom('eth0', 'eth1', 'br-lan'),
    ipv4: fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, l]) => `${a}/${l}`),
    ipv6: fc.tuple(ipv6, fc.integer({ min: 0, max: 128 })).map(([a, l]) => `${a}/${l}`),
    dhcp: fc.record({ range: fc.tuple(ipv4, ipv4).map(([a, b]) => `${a}-${b}`) }),
    hosts: fc.array(host, { maxLength: 4 }),
  }), { nil: undefined }),
  peers: fc.option(fc.uniqueArray(fc.constantFrom('r1', 'r2', 'r9', 'fuzz'), { maxLength: 3 }), { nil: undefined }),
}).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
const service = fc.record({
  backends: fc.uniqueArray(fc.oneof(fc.constantFrom('s1', 's2', 'nas', 'router', 's9'), ipv4, ipv6), { minLength: 1, maxLength: 3 }),
  forwards: fc.array(fc.record({ port: fc.constantFrom(53, 67, 68, 546, 547, 3784, 4789, 51820, 51821, 80, 443), protocol: fc.constantFrom('tcp', 'udp') }), { minLength: 1, maxLength: 3 }),
  exposeOn: fc.uniqueArray(fc.constantFrom('r1', 'r4', 'r5', 'fuzz', 'r9'), { minLength: 1, maxLength: 3 }),
});
const ospf = fc.record({ hello: fc.integer({ min: 1, max: 10 }), dead: fc.integer({ min: 1, max: 40 }) });

const checks = suite('fuzz: the semantic checks never throw');
checks('a router, a service and OSPF timers of values the schema accepts', () => {
  fc.assert(fc.property(router, service, ospf, (r, s, o) => {
    const network = sample.find((f) => f.path === 'network.yaml')!.text.replace(/^ospf: .*$/m, `ospf: { hello: ${o.hello}, dead: ${o.dead} }`);
    wellFormed([...withFile('routers/fuzz.yaml', stringify(r)).filter((f) => f.path !== 'network.yaml' && f.path !== 'services/fuzz.yaml'),
      { path: 'network.yaml', text: network }, { path: 'services/fuzz.yaml', text: stringify(s) }]);
  }), { numRuns: RUNS * 2 });
});
checks.run();

const prescan = suite('fuzz: the nesting pre-scan');
prescan('never refuses what the parser reads as shallow (brackets in quotes, comments and text)', () => {
  const innocent = fc.string({ unit: fc.constantFrom(...'[]{}"\'# abc:-\n'.split('')), maxLength: 200 });
  fc.assert(fc.property(innocent, (t) => {
    const text = `description: ${JSON.stringify(t)}\n# ${t.replace(/\n/g, ' ')}\nnote: 'a ${t.replace(/['\n]/g, '')} b'\n`;
    assert.is(excessiveNesting(text, 3), undefined, text);
  }), { numRuns: RUNS });
});
prescan.run();
