import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { fields, readSchemas, renderReference } from '../../docs/gen-reference.js';
import { fromRoot, repoRoot } from '../support/paths.js';

const ref = suite('docs/reference.md');
ref('is what `npm run gen:docs` makes from schema/*.schema.json (run it if this fails)', async () => {
  assert.fixture(await readFile(fromRoot('docs', 'reference.md'), 'utf8'), renderReference(await readSchemas(repoRoot)));
});
ref('lists nested fields with type, required and default, through $ref and maps', async () => {
  const [network, router] = await readSchemas(repoRoot);
  const byPath = new Map(fields(router!.schema).map((f) => [f.path, f]));
  assert.equal(byPath.get('id'), { path: 'id', type: 'integer', required: true, description: byPath.get('id')!.description });
  assert.match(byPath.get('id')!.description, '(1–4095)');
  assert.is(byPath.get('lan.hosts[].mac')!.required, true);
  assert.is(byPath.get('lan.dhcp.lease')!.default, '"12h"');
  assert.match(byPath.get('endpoint')!.description, 'Public host:port');
  const net = new Map(fields(network!.schema).map((f) => [f.path, f]));
  assert.is(net.get('sites.<name>.nat')!.default, 'true');
  assert.is(net.get('dns.upstream')!.type, 'list of string (ip)');
});
ref('every field of every schema appears in the page', async () => {
  const page = await readFile(fromRoot('docs', 'reference.md'), 'utf8');
  for (const s of await readSchemas(repoRoot)) for (const f of fields(s.schema)) assert.ok(page.includes(`| \`${f.path}\` |`), `${s.name}: ${f.path}`);
});
ref.run();
