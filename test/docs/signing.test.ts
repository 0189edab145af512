import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllowedSigners } from '../../reconciler/trust/allowed-signers.js';
import { fromRoot } from '../support/paths.js';

const doc = (): Promise<string> => readFile(fromRoot('docs', 'signing.md'), 'utf8');

const signing = suite('docs/signing.md');
signing('the allowed_signers example is read by the trust code', async () => {
  const text = await doc();
  const at = text.indexOf('<!-- allowed_signers');
  const block = /```text\n([\s\S]*?)```/.exec(text.slice(at))![1]!;
  const f = parseAllowedSigners(block, 'allowed_signers');
  assert.equal(f.signers.map((s) => [s.principals, s.key.type]), [
    ['alice@example.org', 'ssh-ed25519'], ['bob@example.org,bob@lab', 'ecdsa-sha2-nistp256'], ['carol@example.org', 'ssh-rsa'],
  ]);
});

signing('every refusal code the trust code can throw is in the table', async () => {
  const text = await doc();
  const dir = fromRoot('reconciler', 'trust');
  const codes = new Set<string>();
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.ts'))) {
    const src = await readFile(join(dir, f), 'utf8');
    for (const m of src.matchAll(/(?:new Stalled\(|refuse\(|fail\(|code: )'([A-Z][A-Za-z]+)'/g)) codes.add(m[1]!);
  }
  assert.ok(codes.size >= 15, [...codes].join(' '));
  const internal = new Set(['BadStateFile', 'CommitNotFound', 'NotACommit']);
  for (const c of codes) if (!internal.has(c)) assert.ok(text.includes(`\`${c}\``), `${c} is not documented`);
});

signing('the in-page anchors exist', async () => {
  const text = await doc();
  const slugs = new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  for (const m of text.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(slugs.has(m[1]!), `#${m[1]}`);
});
signing.run();
