/**
 * `dlan doctor`'s findings: one per thing checked, with what is wrong and how to fix it (a command
 * or a file edit a person can run as written). `error`: dlan cannot work as configured (the
 * doctor exits 1); `warning`: it works, but something will bite (a restart of another service,
 * a boot, an upgrade); `ok`: checked and fine.
 */
export type Severity = 'ok' | 'warning' | 'error';

export interface Finding {
  /** Stable, for machines and tests: `command:nft`, `port:udp/67`, `lan:ifupdown`. */
  readonly id: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do (absent on ok findings). */
  readonly fix?: string;
}

export const ok = (id: string, message: string): Finding => ({ id, severity: 'ok', message });
export const warning = (id: string, message: string, fix: string): Finding => ({ id, severity: 'warning', message, fix });
export const error = (id: string, message: string, fix: string): Finding => ({ id, severity: 'error', message, fix });

export const hasError = (fs: readonly Finding[]): boolean => fs.some((f) => f.severity === 'error');
