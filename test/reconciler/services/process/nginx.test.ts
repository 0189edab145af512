import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nginxPidDirective } from '../../../../reconciler/services/index.js';

const pid = suite('nginxPidDirective');
pid('finds the main pid directive, quoted or not; ignores comments and other directives', () => {
  assert.is(nginxPidDirective('load_module x.so;\nworker_processes auto;\npid /run/dlan/nginx.pid;\n'), '/run/dlan/nginx.pid');
  assert.is(nginxPidDirective('pid "/run/x.pid";'), '/run/x.pid');
  assert.is(nginxPidDirective('# pid /run/old.pid;\nevents {}\n'), undefined);
  assert.is(nginxPidDirective('stream { server { proxy_pass rapid; } }'), undefined);
  assert.is(nginxPidDirective('events{}pid /p;'), '/p');
});
pid.run();
