/** GitHub commit statuses: `POST /repos/{owner}/{repo}/statuses/{sha}`, `Authorization: Bearer TOKEN`. */
import { postStatus, type HttpDeps } from './http.js';
import type { GithubTarget, StatusReporter } from './status.js';

export function githubReporter(target: GithubTarget, deps: HttpDeps = {}): StatusReporter {
  return { target, post: (status) => postStatus(target, status, deps) };
}
