/**
 * Serves the lab's topology repo over smart HTTP from the git host node (`git.host` in lab.yaml),
 * so routers fetch it through their home router's NAT like from a forge. The server is a detached
 * process (it outlives `dlan lab up`) running git-server-main.js, which wraps the shared
 * `startGitHttpServer` (git http-backend); pushes are allowed (tests push like a forge merge).
 */
import { entryPoint } from '../reconciler/package-root.js';
import { execInNode, spawnInNode, type Lab } from './node.js';
import type { ProcessRecord } from './state.js';
import { waitFor } from './wait.js';

export async function startGitServer(lab: Lab, timeoutMs = 10_000): Promise<{ url: string; process: ProcessRecord }> {
  const g = lab.plan.git!;
  // Net namespace only: the server reads the repo from the lab folder, which a node's private /run hides.
  const proc = await spawnInNode(lab, g.node, 'git-server',
    [process.execPath, entryPoint('git-server-main'), lab.paths.gitRoot, g.listen, String(g.port)], { mounts: false });
  await waitFor(`the git server on ${g.address}:${g.port}`, async () =>
    (await execInNode(lab, g.node, ['ss', '-Hltn', `sport = :${g.port}`], { mounts: false })).stdout.trim() !== '', { timeoutMs });
  lab.state.update((s) => { s.gitUrl = g.url; });
  return { url: g.url, process: proc };
}
