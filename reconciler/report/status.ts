/**
 * Commit statuses: what dlan says about a commit on the forge, under context `dlan/<router>`.
 * One file per forge (github.ts, gitea.ts, gitlab.ts), each a StatusReporter with one method;
 * the outcome → forge mapping is pure (mapping.ts); dedupe.ts posts only when the status for a
 * context changes and marks a superseded commit instead of leaving it pending.
 */
import { DlanError, type ErrorKind } from '../../model/errors.js';

export type Forge = 'github' | 'gitea' | 'gitlab';

/** What happened to a commit on this router. */
export type Outcome =
  | 'pending'     // being applied now
  | 'success'     // applied and healthy
  | 'failure'     // refused (bad signature, invalid topology, checker said no) or rolled back
  | 'error'       // dlan itself failed (a bug, an unexpected system error)
  | 'superseded'; // a newer commit was applied instead; this one never will be

export interface CommitStatus {
  readonly sha: string;
  /** `dlan/<router>`. */
  readonly context: string;
  readonly outcome: Outcome;
  /** Short, for people: what changed, peers up, or why it failed. Never a secret. */
  readonly description: string;
  readonly targetUrl?: string;
}

export interface GithubTarget {
  readonly forge: 'github';
  /** Default https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  readonly apiUrl?: string;
  readonly owner: string;
  readonly repo: string;
  readonly tokenFile: string;
}

export interface GiteaTarget {
  readonly forge: 'gitea';
  /** The instance, e.g. https://codeberg.org (Forgejo too). */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly tokenFile: string;
}

export interface GitlabTarget {
  readonly forge: 'gitlab';
  /** The instance, e.g. https://gitlab.com. */
  readonly url: string;
  /** Numeric id or `group/project` path. */
  readonly project: string | number;
  readonly tokenFile: string;
}

export type ForgeTarget = GithubTarget | GiteaTarget | GitlabTarget;

export type PostResult =
  | 'posted'          // the forge accepted it
  | 'already-posted'  // the forge already had exactly this state (GitLab's 400 on a repeated state)
  | 'unchanged'       // identical to the last status posted for this commit and context: not sent
  | 'over-budget';    // this commit and context already got the maximum number of posts

export interface StatusReporter {
  readonly target: ForgeTarget;
  post(status: CommitStatus): Promise<PostResult>;
}

export type ReportErrorCode =
  | 'TokenUnreadable'    // the token file is missing or empty
  | 'StatusRejected'     // 4xx: bad token, no access, invalid payload (retrying will not help)
  | 'ForgeUnavailable'   // network error, timeout or 5xx (retry later)
  | 'StateFileCorrupt';  // dlan's own state file is not what dlan writes

export type ReportErrorData = {
  readonly forge?: Forge;
  /** The request URL (it never contains the token). */
  readonly url?: string;
  readonly httpStatus?: number;
  /** The start of the forge's answer. */
  readonly body?: string;
  readonly path?: string;
};

/** ForgeUnavailable is Transient; a bad token or payload is Stalled (fix the config); a corrupt state file is Internal. */
export class ReportError extends DlanError {
  readonly kind: ErrorKind;
  declare readonly code: ReportErrorCode;
  declare readonly data: ReportErrorData;
  constructor(code: ReportErrorCode, message: string, data: ReportErrorData) {
    super(code, message, data);
    this.kind = code === 'ForgeUnavailable' ? 'Transient' : code === 'StateFileCorrupt' ? 'Internal' : 'Stalled';
  }
}
