/** Gitea and Forgejo commit statuses: `POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`, `Authorization: token TOKEN`. */
import { postStatus, type HttpDeps } from './http.js';
import type { GiteaTarget, StatusReporter } from './status.js';

export function giteaReporter(target: GiteaTarget, deps: HttpDeps = {}): StatusReporter {
  return { target, post: (status) => postStatus(target, status, deps) };
}
