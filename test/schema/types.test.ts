import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { generateTypes, generateValidators, schemaNames, validatorsFile } from '../../schema/generate.js';
import { formatRules } from '../../model/schema-formats.js';
import { fromRoot } from '../support/paths.js';

const gen = suite('generated from the JSON Schemas');
gen('schema/types.ts is what `npm run gen` makes (run it if this fails)', async () => {
  const committed = await readFile(fromRoot('schema', 'types.ts'), 'utf8');
  assert.fixture(committed, await generateTypes(fromRoot('schema')));
});
gen('model/schema-validators.generated.ts is what `npm run gen` makes (run it if this fails)', async () => {
  const committed = await readFile(validatorsFile(fromRoot('schema')), 'utf8');
  assert.fixture(committed, await generateValidators(fromRoot('schema')));
});
gen('every format a schema uses has a rule in model/schema-formats.ts (the validators call it by name)', async () => {
  for (const name of schemaNames) {
    const text = await readFile(fromRoot('schema', `${name}.schema.json`), 'utf8');
    for (const [, f] of text.matchAll(/"format":\s*"([^"]+)"/g)) assert.ok(formatRules[f!], `${name}.schema.json uses format ${f!}`);
  }
});
gen.run();
