import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { access, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAgentConfig } from '../../reconciler/agent-config.js';
import { parseAllowedSigners } from '../../reconciler/trust/allowed-signers.js';
import { dlan } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

const guidePath = fromRoot('docs', 'guide.md');
const guide = (): Promise<string> => readFile(guidePath, 'utf8');

/** The fenced block right after the HTML comment that starts with `<!-- marker`. */
function blockAfter(text: string, marker: string): string {
  const at = text.indexOf(`<!-- ${marker}`);
  assert.ok(at >= 0, `marker ${marker}`);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m, `a fenced block after ${marker}`);
  return m![1]!;
}

/** Files other engineers write; a link to them is checked once they exist. */
const writtenByOthers = new Set(['docs/signing.md']);

const g = suite('docs/guide.md');
g('the agent.yaml example passes the agent schema and checks', async () => {
  const r = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: blockAfter(await guide(), 'agent.yaml') });
  assert.equal(r.diagnostics, []);
  assert.is(r.config!.router, 'r6');
  assert.is(r.config!.schedule.intervalMs, 60_000);
});
g('the allowed_signers example is read by the trust code', async () => {
  const f = parseAllowedSigners(blockAfter(await guide(), 'allowed_signers'), '/etc/dlan/allowed_signers');
  assert.is(f.signers.length, 1);
});
g('relative links and pictures point at files that exist', async () => {
  const text = await guide();
  const targets = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(targets.length >= 5);
  for (const t of new Set(targets)) {
    const path = join(dirname(guidePath), t);
    const rel = path.slice(fromRoot().length + 1);
    try {
      await access(path);
    } catch {
      if (!writtenByOthers.has(rel)) assert.unreachable(`${t} does not exist`);
    }
  }
});
g('the in-page anchors exist', async () => {
  const text = await guide();
  const slugs = new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  for (const m of text.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(slugs.has(m[1]!), `#${m[1]}`);
});
g('"Try it without a router" works as written: every dlan line exits 0', async () => {
  const lines = blockAfter(await guide(), 'try-it').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('dlan '));
  assert.ok(lines.length >= 5);
  const dir = await mkdtemp(join(tmpdir(), 'dlan-guide-'));
  try {
    await cp(fromRoot('sample-repo'), join(dir, 'sample-repo'), { recursive: true });
    for (const line of lines) {
      const r = await dlan(line.split(/\s+/).slice(1), { cwd: dir });
      assert.is(r.code, 0, `${line}\n${r.stderr}`);
    }
    assert.match(await readFile(join(dir, 'physical.svg'), 'utf8'), '<svg ');
    assert.match(await readFile(join(dir, 'logical.dot'), 'utf8'), 'graph "example-logical"');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
g.run();
