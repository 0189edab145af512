import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { packageOf, staticClosure } from '../../packaging/bundle.js';

const pkg = suite('packageOf');
pkg('the npm package an input file comes from, scoped and nested too', () => {
  assert.is(packageOf('node_modules/yaml/dist/index.js'), 'yaml');
  assert.is(packageOf('node_modules/@scope/x/lib/a.js'), '@scope/x');
  assert.is(packageOf('node_modules/a/node_modules/b/i.js'), 'a/node_modules/b');
  assert.is(packageOf('dist/cli/main.js'), undefined);
});
pkg.run();

const closure = suite('staticClosure');
closure('follows static imports only, through cycles', () => {
  const f = (imports: string[], dynamicImports: string[] = []) => ({ imports, dynamicImports, packages: [] });
  const outputs = { 'a.mjs': f(['b.mjs'], ['d.mjs']), 'b.mjs': f(['c.mjs', 'a.mjs']), 'c.mjs': f([]), 'd.mjs': f(['c.mjs']) };
  assert.equal(staticClosure(outputs, 'a.mjs'), ['a.mjs', 'b.mjs', 'c.mjs']);
  assert.equal(staticClosure(outputs, 'd.mjs'), ['c.mjs', 'd.mjs']);
});
closure.run();
