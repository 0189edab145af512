/** WCAG 2 contrast of the page's text colours on their backgrounds (AA: 4.5:1 for normal text). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGE_CSS } from '../../page/html.js';

const vars = new Map([...PAGE_CSS.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
export const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

const c = suite('page colours');
c('every text colour meets 4.5:1 on the background it is drawn on', () => {
  const pairs = [['fg', 'bg'], ['muted', 'bg'], ['muted', 'head'], ['fg', 'head'], ['accent', 'bg'], ['ok', 'ok-bg'], ['warn', 'warn-bg'], ['bad', 'bad-bg'], ['unk', 'unk-bg']];
  for (const [fg, bg] of pairs) {
    const ratio = contrast(vars.get(fg!)!, vars.get(bg!)!);
    assert.ok(ratio >= 4.5, `${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
  }
  assert.ok(contrast('#ffffff', '#000000') > 20, 'self-check of the formula');
});
c.run();
