/**
 * What the daemons' own checkers say about a rendered file. A rejection is `Stalled` (the same
 * commit renders the same file: nothing to retry until a new commit); a checker that cannot run
 * at all (binary missing, namespace refused) is `Transient`, never taken as "accepted".
 */
import { Stalled, Transient } from '../../model/errors.js';
import type { ServiceName } from '../../renderers/state.js';

export class ConfigRejected extends Stalled {
  readonly service: ServiceName;
  /** The logical path of the file (as on the router), not the temp file that was checked. */
  readonly file: string;
  /** 1-based line of the file the daemon complained about, when it says or it can be found. */
  readonly line: number | undefined;
  /** The checker's stderr, with the temp path replaced by the logical one. */
  readonly stderr: string;

  constructor(args: { service: ServiceName; file: string; line?: number; message: string; stderr: string }) {
    const where = args.line === undefined ? args.file : `${args.file}:${args.line}`;
    super('ConfigRejected', `${where}: ${args.service} rejects it: ${args.message}`,
      { service: args.service, file: args.file, ...(args.line !== undefined && { line: args.line }), stderr: args.stderr });
    this.service = args.service;
    this.file = args.file;
    this.line = args.line;
    this.stderr = args.stderr;
  }
}

export class CheckerUnavailable extends Transient {
  constructor(service: ServiceName, file: string, detail: string) {
    super('CheckerUnavailable', `cannot check ${file} with ${service}'s checker: ${detail}`, { service, file, detail });
  }
}

export interface CheckResult {
  readonly ok: boolean;
  readonly errors: readonly ConfigRejected[];
}

export const accepted: CheckResult = { ok: true, errors: [] };

export const rejected = (errors: readonly ConfigRejected[]): CheckResult => ({ ok: errors.length === 0, errors });
