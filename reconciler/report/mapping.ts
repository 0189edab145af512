/**
 * Outcome → forge state and request, per forge's documented rules. Pure.
 * - GitHub (docs.github.com REST "Create a commit status"): states error/failure/pending/success,
 *   field `context`; a description over 140 characters is rejected (422), so it is cut to 140;
 *   at most 1000 statuses per sha and context (dedupe.ts keeps far below).
 * - Gitea/Forgejo (`POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`): states
 *   pending/success/error/failure (+ warning in some versions, not used), field `context`.
 * - GitLab (`POST /api/v4/projects/{id}/statuses/{sha}`): states pending/running/success/failed/
 *   canceled, field `name`; name, description and target_url at most 255 characters (a longer
 *   URL is dropped rather than cut into a wrong link).
 * `pending` means "being applied", which GitLab calls `running`. `superseded` is `canceled` on
 * GitLab and `error` elsewhere (neither a success nor the commit's fault).
 */
import { asDlanError } from '../../model/errors.js';
import type { CommitStatus, Forge, ForgeTarget, Outcome } from './status.js';

/**
 * How a reconcile that failed ends, from the class of what stopped it (model/errors.ts):
 * - Stalled → `failure`: the commit cannot be applied as it is (refused, invalid, rejected by a
 *   checker, rolled back); a new commit or a fixed trust file is needed;
 * - Transient → `pending`: retried on the next tick; it says nothing about the commit yet, so
 *   no status is posted for it (each retry would spend the commit's post budget, dedupe.ts);
 * - Internal, or an error outside the scheme → `error`: dlan failed, not the commit.
 */
export function failureOutcome(error: unknown): 'failure' | 'pending' | 'error' {
  switch (asDlanError(error).kind) {
    case 'Stalled': return 'failure';
    case 'Transient': return 'pending';
    case 'Internal': return 'error';
  }
}

const STATES: Readonly<Record<Forge, Readonly<Record<Outcome, string>>>> = {
  github: { pending: 'pending', success: 'success', failure: 'failure', error: 'error', superseded: 'error' },
  gitea: { pending: 'pending', success: 'success', failure: 'failure', error: 'error', superseded: 'error' },
  gitlab: { pending: 'running', success: 'success', failure: 'failed', error: 'failed', superseded: 'canceled' },
};

export const DESCRIPTION_LIMIT: Readonly<Record<Forge, number | undefined>> = { github: 140, gitea: undefined, gitlab: 255 };
const GITLAB_FIELD_LIMIT = 255;

export function forgeState(forge: Forge, outcome: Outcome): string {
  return STATES[forge][outcome];
}

/** Cut to `max` characters (code points), the last one an ellipsis when cut. */
export function truncate(text: string, max: number | undefined): string {
  const chars = [...text];
  return max === undefined || chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export interface StatusRequest {
  readonly url: string;
  readonly body: Readonly<Record<string, string>>;
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

export function statusRequest(target: ForgeTarget, s: CommitStatus): StatusRequest {
  const state = forgeState(target.forge, s.outcome);
  const description = truncate(s.description, DESCRIPTION_LIMIT[target.forge]);
  const sha = encodeURIComponent(s.sha);
  switch (target.forge) {
    case 'github':
      return {
        url: `${trimSlash(target.apiUrl ?? 'https://api.github.com')}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/statuses/${sha}`,
        body: { state, description, context: s.context, ...(s.targetUrl ? { target_url: s.targetUrl } : {}) },
      };
    case 'gitea':
      return {
        url: `${trimSlash(target.url)}/api/v1/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/statuses/${sha}`,
        body: { state, description, context: s.context, ...(s.targetUrl ? { target_url: s.targetUrl } : {}) },
      };
    case 'gitlab':
      return {
        url: `${trimSlash(target.url)}/api/v4/projects/${encodeURIComponent(String(target.project))}/statuses/${sha}`,
        body: {
          state, name: truncate(s.context, GITLAB_FIELD_LIMIT), description,
          ...(s.targetUrl && [...s.targetUrl].length <= GITLAB_FIELD_LIMIT ? { target_url: s.targetUrl } : {}),
        },
      };
  }
}

/** The header that carries the token: GitHub `Authorization: Bearer`, Gitea `Authorization: token`, GitLab `PRIVATE-TOKEN`. */
export function authHeader(forge: Forge, token: string): readonly [string, string] {
  switch (forge) {
    case 'github': return ['Authorization', `Bearer ${token}`];
    case 'gitea': return ['Authorization', `token ${token}`];
    case 'gitlab': return ['PRIVATE-TOKEN', token];
  }
}

/** Identity of a status as the forge would show it (dedupe compares these). */
export function fingerprint(target: ForgeTarget, s: CommitStatus): string {
  return JSON.stringify(statusRequest(target, s).body);
}

/** A stable name for a target, e.g. `github:owner/repo`, `gitlab:https://gitlab.com#42`. */
export function targetId(t: ForgeTarget): string {
  switch (t.forge) {
    case 'github': return `github:${t.apiUrl ? `${trimSlash(t.apiUrl)}#` : ''}${t.owner}/${t.repo}`;
    case 'gitea': return `gitea:${trimSlash(t.url)}#${t.owner}/${t.repo}`;
    case 'gitlab': return `gitlab:${trimSlash(t.url)}#${t.project}`;
  }
}
