/**
 * The changes to the sample the issue names, as file edits: what the golden tests, the diff
 * tests and the documentation pictures all use.
 * - `r5Leaves`: r5's file is deleted and r5 leaves every exposeOn (ssh moves to r4, web stays
 *   on r4 only).
 * - `hubsGone`: both hubs (r4, r5) are deleted, with the services only they exposed.
 */
import type { SourceFile } from '../../model/yaml-source.js';

export type Scenario = 'r5-leaves' | 'hubs-gone';

export function applyScenario(files: readonly SourceFile[], s: Scenario): SourceFile[] {
  const edit = (path: string, from: string, to: string) => (f: SourceFile) => {
    if (f.path !== path) return f;
    if (!f.text.includes(from)) throw new Error(`${path} has no ${from}`);
    return { ...f, text: f.text.replace(from, to) };
  };
  if (s === 'r5-leaves') {
    return files.filter((f) => f.path !== 'routers/r5.yaml')
      .map(edit('services/web.yaml', 'exposeOn: [r4, r5]', 'exposeOn: [r4]'))
      .map(edit('services/ssh.yaml', 'exposeOn: [r5]', 'exposeOn: [r4]'));
  }
  const gone = new Set(['routers/r4.yaml', 'routers/r5.yaml', 'services/web.yaml', 'services/ssh.yaml', 'services/game.yaml']);
  return files.filter((f) => !gone.has(f.path));
}
