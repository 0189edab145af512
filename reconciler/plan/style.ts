/**
 * Colour for terminals, or none. The caller decides (a TTY without NO_COLOR gets colour,
 * https://no-color.org); renderers take the result as an argument and stay pure.
 */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const sgr = (on: string, off: string) => (s: string) => `\x1b[${on}m${s}\x1b[${off}m`;

export const colour: Style = {
  bold: sgr('1', '22'), dim: sgr('2', '22'), red: sgr('31', '39'), green: sgr('32', '39'), yellow: sgr('33', '39'), cyan: sgr('36', '39'),
};

const same = (s: string) => s;
export const plain: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

/** Colour on a terminal unless NO_COLOR is set to anything non-empty; FORCE_COLOR forces it. */
export function styleFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  if (env.NO_COLOR) return plain;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return colour;
  return isTTY ? colour : plain;
}

/** Colours one line of a unified diff by its first character. */
export function diffLine(s: Style, line: string): string {
  if (line.startsWith('@@')) return s.cyan(line);
  if (line.startsWith('+')) return s.green(line);
  if (line.startsWith('-')) return s.red(line);
  return line;
}
