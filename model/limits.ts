/**
 * Bounds on what a topology repo may hold, checked before anything is parsed, so a hostile or
 * mistaken repo is refused quickly with a clear finding instead of hanging a router or `dlan
 * validate`. Each bound is far above what a real network needs (the reasons are in `why`, and
 * docs/reference.md lists them, generated from this table).
 */
export interface Limit {
  readonly value: number;
  /** What is bounded, for people: "bytes per file". */
  readonly what: string;
  readonly why: string;
}

const MiB = 1024 * 1024;

export const LIMITS = {
  fileBytes: {
    value: 1 * MiB,
    what: 'bytes in one topology file',
    why: 'a router file with 10,000 static hosts is about 800 kB; 1 MiB of YAML parses and validates in about a second, so no single file can stall a router (bench/hostile.ts prints the figures)',
  },
  repoBytes: {
    value: 16 * MiB,
    what: 'bytes in all topology files together',
    why: 'router ids end at 4095, and 4095 router files of 4 kB each are 16 MiB; the loader holds every file in memory, and the agent must stay small',
  },
  files: {
    value: 10_000,
    what: 'topology files (network.yaml, routers/*, services/*)',
    why: 'at most 4095 routers (ids 1-4095), one network.yaml, and room for thousands of services',
  },
  depth: {
    value: 32,
    what: 'levels of nesting in one file',
    why: 'the deepest field of any schema is 4 levels down (lan.hosts[0].mac); deeper input can only be a mistake or an attack on the parsers and validators, which recurse',
  },
  aliases: {
    value: 100,
    what: 'YAML aliases (*name) in one file',
    why: 'a hand-written topology repeats itself rarely; each alias is expanded when the file is read, and an "alias bomb" (aliases of aliases) expands exponentially',
  },
  findings: {
    value: 1000,
    what: 'findings kept per load (the rest are counted)',
    why: 'one broken file can produce a finding per line; a thousand are more than anyone reads, and they go into the agent status and its log',
  },
  printed: {
    value: 50,
    what: 'findings printed by dlan validate without --json (then "… and N more")',
    why: 'the first errors are the ones to fix first; later ones are often consequences',
  },
} as const satisfies Record<string, Limit>;

/** 1048576 → "1 MiB"; other numbers as they are, with thousands separators. */
export function formatLimit(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  return n.toLocaleString('en-US');
}
