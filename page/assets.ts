/**
 * The page's browser script: page/client/app.ts, compiled by `npm run build` (its own tsconfig,
 * with the DOM library) to dist/client/page/client/app.js; the Debian package carries it as
 * /usr/lib/dlan/page/app.js (packaging/stage.ts). Read once, on the first request.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fromPackage } from '../reconciler/package-root.js';
import { Internal } from '../model/errors.js';

export const SCRIPT_CANDIDATES = [fromPackage('dist', 'client', 'page', 'client', 'app.js'), fromPackage('page', 'app.js')];

let script: Promise<string> | undefined;

export function pageScript(): Promise<string> {
  script ??= (async () => {
    const path = SCRIPT_CANDIDATES.find((p) => existsSync(p));
    if (!path) throw new Internal('PageScriptMissing', `the page's script is not built: none of ${SCRIPT_CANDIDATES.join(', ')} exists (npm run build)`, { candidates: SCRIPT_CANDIDATES });
    return readFile(path, 'utf8');
  })();
  script.catch(() => { script = undefined; }); // a later build is picked up
  return script;
}
