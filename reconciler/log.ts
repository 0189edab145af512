/**
 * Structured logs: one JSON object per line when not on a terminal (journald, files, the lab),
 * short readable lines on a terminal. Fields named like secrets are masked, whatever the caller
 * passes: a token or private key must never reach a log.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, event: string, fields?: Readonly<Record<string, unknown>>): void;
  child(fields: Readonly<Record<string, unknown>>): Logger;
}

const SECRET = /(token|password|secret|private.?key|authorization)/i;

export function scrub(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET.test(k) && !/file$/i.test(k)) out[k] = '(redacted)';
    else if (v instanceof Error) out[k] = { message: v.message, ...('code' in v ? { code: (v as { code: unknown }).code } : {}) };
    else out[k] = v;
  }
  return out;
}

export function makeLogger(opts: { format: 'json' | 'text'; write: (line: string) => void; now: () => Date; minLevel?: Level; base?: Record<string, unknown> }): Logger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(opts.minLevel ?? 'info');
  const base = opts.base ?? {};
  return {
    log(level, event, fields = {}) {
      if (order.indexOf(level) < min) return;
      const f = scrub({ ...base, ...fields });
      if (opts.format === 'json') {
        opts.write(`${JSON.stringify({ time: opts.now().toISOString(), level, event, ...f })}\n`);
      } else {
        const kv = Object.entries(f).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
        opts.write(`${level === 'info' ? '' : `${level}: `}${event}${kv ? ` ${kv}` : ''}\n`);
      }
    },
    child(fields) {
      return makeLogger({ ...opts, base: { ...base, ...fields } });
    },
  };
}
