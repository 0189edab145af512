/**
 * A linear pre-scan of YAML text for nesting the parser would take long over: the yaml package
 * needs about 17 s (and a caught stack overflow) for 1 MiB of `[[[[`, and seconds for a line of
 * `- - - -`. Nesting by indentation needs a line per level, so 1 MiB holds at most ~1,450 such
 * levels, which parse quickly; the schema-level limit is then enforced on the parsed document.
 *
 * Counted here: flow collections (`[` or `{` where a value starts: after `:`, `-`, `,`, `?`,
 * another opener, or at the start of a line), skipping quoted text and comments; and
 * chains of `- ` or `? ` at the start of a line. Brackets inside a plain scalar (`a [1]`) do
 * not start a value and are not counted.
 */
export function excessiveNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let chain = 0;
  /** The last non-space character outside quotes on this line (or '' at its start). */
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      chain = 0;
      prev = '';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' && (prev === '' || /\s/.test(text[i - 1] ?? ' '))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    const startsValue = prev === '' || prev === ':' || prev === '-' || prev === ',' || prev === '?' || prev === '[' || prev === '{';
    if ((c === '-' || c === '?') && lineStart && /[\s]/.test(text[i + 1] ?? ' ')) {
      if (++chain > limit) return i;
      prev = c;
      continue;
    }
    lineStart = false;
    if ((c === '[' || c === '{') && startsValue) {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if ((c === '"' || c === "'") && startsValue) quote = c;
    prev = c;
  }
  return undefined;
}
