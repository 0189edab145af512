import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { generateTypes } from '../../schema/generate.js';
import { fromRoot } from '../support/paths.js';

const gen = suite('schema/types.ts');
gen('is what `npm run gen` makes from the JSON Schemas (run it if this fails)', async () => {
  const committed = await readFile(fromRoot('schema', 'types.ts'), 'utf8');
  assert.fixture(committed, await generateTypes(fromRoot('schema')));
});
gen.run();
