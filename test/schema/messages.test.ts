/**
 * Every `pattern` in a topology or agent schema carries a `patternErrorMessage` with an example,
 * so `dlan validate` (and an editor) says "host:port, e.g. 203.0.113.10:51820", never a regex.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { fromRoot } from '../support/paths.js';

function* patterns(node: unknown, at: string): Generator<[string, Record<string, unknown>]> {
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.pattern === 'string') yield [at, o];
  for (const [k, v] of Object.entries(o)) yield* patterns(v, `${at}/${k}`);
}

const m = suite('schema messages');
m('every pattern has a patternErrorMessage with an example', async () => {
  let n = 0;
  for (const name of ['network', 'router', 'service', 'agent']) {
    const schema = JSON.parse(await readFile(fromRoot('schema', `${name}.schema.json`), 'utf8')) as unknown;
    for (const [at, o] of patterns(schema, name)) {
      n++;
      assert.type(o.patternErrorMessage, 'string', `${at} has no patternErrorMessage`);
      assert.match(o.patternErrorMessage as string, /e\.g\.|as `|\d/, `${at}: give an example`);
    }
  }
  assert.ok(n >= 10, `${n} patterns`);
});
m.run();
