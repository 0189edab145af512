/**
 * Links from the page to the topology repo: the page offers no forms, a change goes through the
 * repo (a signed commit, reviewed). With a forge in agent.yaml (`status: forge, url, repo`) each
 * file links to its view at the applied commit and to the forge's web editor on the branch:
 *   GitHub        https://github.com/O/R/blob/SHA/P      .../edit/BRANCH/P   (the API URL's web host)
 *   Gitea/Forgejo URL/O/R/src/commit/SHA/P               URL/O/R/_edit/BRANCH/P
 *   GitLab        URL/G/N/-/blob/SHA/P                   URL/G/N/-/edit/BRANCH/P
 * GitLab given a numeric project id has no path to link with: the paths are shown alone. Pure.
 */
import type { RepoFile } from './types.js';

export interface ForgeRef {
  readonly forge: 'github' | 'gitea' | 'gitlab';
  readonly url: string;
  readonly repo: string;
}

/** GitHub's web host from its API URL: api.github.com → github.com, HOST/api/v3 → HOST. */
export function githubWeb(apiUrl: string): string {
  const u = apiUrl.replace(/\/+$/, '');
  if (/^https?:\/\/api\.github\.com$/.test(u)) return 'https://github.com';
  return u.replace(/\/api\/v3$/, '');
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

export function repoLinks(o: { readonly forge?: ForgeRef; readonly branch: string; readonly commit?: string }): (path: string) => RepoFile {
  const f = o.forge;
  if (!f || (f.forge === 'gitlab' && /^[0-9]+$/.test(f.repo))) return (path) => ({ path });
  const base = f.forge === 'github' ? `${githubWeb(f.url)}/${f.repo}` : `${f.url.replace(/\/+$/, '')}/${f.repo}`;
  const branch = encodePath(o.branch);
  return (path) => {
    const p = encodePath(path);
    const at = o.commit;
    switch (f.forge) {
      case 'github': return { path, ...(at && { view: `${base}/blob/${at}/${p}` }), edit: `${base}/edit/${branch}/${p}` };
      case 'gitea': return { path, ...(at && { view: `${base}/src/commit/${at}/${p}` }), edit: `${base}/_edit/${branch}/${p}` };
      case 'gitlab': return { path, ...(at && { view: `${base}/-/blob/${at}/${p}` }), edit: `${base}/-/edit/${branch}/${p}` };
    }
  };
}
