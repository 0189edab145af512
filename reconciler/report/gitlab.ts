/**
 * GitLab commit statuses: `POST /api/v4/projects/{id}/statuses/{sha}`, `PRIVATE-TOKEN: TOKEN`.
 * GitLab keeps one job per name while it is pending or running and answers 400
 * ("Cannot transition status via :run from :running") when asked for the state it already has:
 * that is treated as already posted, not as an error.
 */
import { postStatus, type HttpDeps } from './http.js';
import type { GitlabTarget, StatusReporter } from './status.js';

export const isGitlabRepeat = (httpStatus: number, body: string): boolean =>
  httpStatus === 400 && /Cannot transition status/i.test(body);

export function gitlabReporter(target: GitlabTarget, deps: HttpDeps = {}): StatusReporter {
  return { target, post: (status) => postStatus(target, status, deps, isGitlabRepeat) };
}
