/**
 * The package's changelog (packaging/debian/changelog, deb-changelog(5) format): its newest entry
 * gives the package version and the release date, which also dates the man page and every file
 * in the .deb (SOURCE_DATE_EPOCH), so two builds of one commit are identical. Pure.
 */
export interface ChangelogHead {
  readonly package: string;
  readonly version: string;
  readonly maintainer: string;
  /** Seconds since the epoch. */
  readonly epoch: number;
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
}

export class ChangelogError extends Error {
  readonly code = 'InvalidChangelog';
}

export function changelogHead(text: string): ChangelogHead {
  const lines = text.split('\n');
  const head = /^([a-z0-9][a-z0-9+.-]+) \(([^)]+)\) [a-z-]+; urgency=[a-z]+$/.exec(lines[0] ?? '');
  if (!head) throw new ChangelogError(`changelog:1: expected "package (version) distribution; urgency=…", got ${JSON.stringify(lines[0])}`);
  const i = lines.findIndex((l) => l.startsWith(' -- '));
  const trailer = /^ -- (.+ <[^>]+>) {2}(.+)$/.exec(lines[i] ?? '');
  if (!trailer) throw new ChangelogError(`changelog:${i + 1}: expected " -- name <email>  date" closing the first entry`);
  const ms = Date.parse(trailer[2]!);
  if (Number.isNaN(ms)) throw new ChangelogError(`changelog:${i + 1}: ${trailer[2]} is not an RFC 5322 date`);
  return { package: head[1]!, version: head[2]!, maintainer: trailer[1]!, epoch: ms / 1000, date: new Date(ms).toISOString().slice(0, 10) };
}
