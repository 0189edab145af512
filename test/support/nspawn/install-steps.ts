/**
 * The README's "Installing on a router" shell block, as the commands the system test runs on
 * each router: the block is the one source of the sequence, the test runs exactly it with the
 * README's example values (router r6, the example repo, Alice's key, the package's version)
 * replaced by the test's. A README edit that the test cannot follow fails the test, by name.
 * Pure.
 */

/** One command: a line, or a line with a here-document and its body. */
export interface InstallStep {
  /** What to run with `bash -c`. */
  readonly script: string;
  /** Its 1-based line in the README. */
  readonly line: number;
}

/** The marker above the block in README.md. */
export const INSTALL_MARKER = '<!-- install-on-a-router: test/system/real-router.test.ts runs this block -->';

/** The shell block after the marker, with the line number of its first line. */
export function installBlock(readme: string): { text: string; firstLine: number } {
  const lines = readme.split('\n');
  const at = lines.findIndex((l) => l.trim() === INSTALL_MARKER);
  if (at < 0) throw new Error(`README.md has no "${INSTALL_MARKER}" line`);
  if (!/^```(sh|bash)\s*$/.test(lines[at + 1] ?? '')) throw new Error(`README.md:${at + 2}: a \`\`\`sh block must follow the install marker`);
  const end = lines.findIndex((l, i) => i > at + 1 && l.trim() === '```');
  if (end < 0) throw new Error(`README.md:${at + 2}: the install block is not closed`);
  return { text: lines.slice(at + 2, end).join('\n'), firstLine: at + 3 };
}

/** Splits a shell block into commands: one per line, a here-document kept with its command; blank and comment lines skipped. */
export function installSteps(block: string, firstLine = 1): InstallStep[] {
  const lines = block.split('\n');
  const steps: InstallStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const here = /<<-?\s*(['"]?)(\w+)\1/.exec(l);
    if (!here) {
      steps.push({ script: l, line: firstLine + i });
      continue;
    }
    const end = lines.findIndex((x, j) => j > i && x === here[2]);
    if (end < 0) throw new Error(`README.md:${firstLine + i}: here-document ${here[2]} is not closed`);
    steps.push({ script: lines.slice(i, end + 1).join('\n'), line: firstLine + i });
    i = end;
  }
  return steps;
}

/** A README example value and what the test puts in its place. */
export interface Substitution {
  readonly what: string;
  readonly pattern: RegExp;
  readonly value: string;
}

/**
 * Applies every substitution; each must match somewhere in the steps (else the README changed
 * and the test would silently run something else: an error names the missing example).
 */
export function substitute(steps: readonly InstallStep[], subs: readonly Substitution[]): InstallStep[] {
  const used = new Set<string>();
  const out = steps.map((s) => {
    let script = s.script;
    for (const sub of subs) {
      const all = new RegExp(sub.pattern.source, sub.pattern.flags.includes('g') ? sub.pattern.flags : `${sub.pattern.flags}g`);
      if (all.test(script)) used.add(sub.what);
      script = script.replace(all, () => sub.value);
    }
    return { ...s, script };
  });
  const missing = subs.filter((s) => !used.has(s.what)).map((s) => s.what);
  if (missing.length) throw new Error(`the README's install block no longer has ${missing.join(', ')}: update test/system/real-router.test.ts with it`);
  return out;
}

/** The first step whose script matches, with its index; an error naming the README otherwise. */
export function findStep(steps: readonly InstallStep[], pattern: RegExp, what: string): number {
  const i = steps.findIndex((s) => pattern.test(s.script));
  if (i < 0) throw new Error(`the README's install block has no step that ${what} (${pattern})`);
  return i;
}
