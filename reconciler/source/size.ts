/** Byte sizes as agent.yaml writes them: `64MB`, `512KB`, `1GB`, `100B` (multiples of 1024, as git's config does). Pure. */
import { Stalled } from '../../model/errors.js';

const UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;

export function parseSize(text: string): number {
  const m = /^([0-9]+)(B|KB|MB|GB)$/.exec(text);
  if (!m) throw new Stalled('BadSize', `bad size ${text}: use a number and B, KB, MB or GB (64MB)`, { text });
  return Number(m[1]) * UNITS[m[2] as keyof typeof UNITS];
}

/** The largest unit that divides the size exactly: 67108864 → `64MB`, 1500 → `1500B`. */
export function formatBytes(n: number): string {
  for (const unit of ['GB', 'MB', 'KB'] as const) if (n >= UNITS[unit] && n % UNITS[unit] === 0) return `${n / UNITS[unit]}${unit}`;
  return `${n}B`;
}

/** Default for `repo.maxFetchSize`. */
export const DEFAULT_MAX_FETCH_BYTES = 64 * UNITS.MB;
