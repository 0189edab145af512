/**
 * Text measurement without a browser: advance widths of DejaVu Sans and DejaVu Sans Bold
 * (the fonts Debian's rsvg-convert uses for `sans-serif`), read from the fonts' hmtx tables,
 * in thousandths of an em. Boxes are padded a little so a wider fallback font still fits.
 */
import type { Box } from './geometry.js';

const chars = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~·–—→↔…⇢▸●★×";
const regular = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603,
  787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278,
  579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 318, 500, 1000, 838, 838, 1000,
  838, 502, 873, 896, 838];
const bold = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733,
  850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343,
  665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 380, 500, 1000, 838, 838, 1000,
  838, 502, 873, 896, 838];

const table = (widths: readonly number[]): ReadonlyMap<string, number> => new Map([...chars].map((c, i) => [c, widths[i]!]));
const regularWidths = table(regular);
const boldWidths = table(bold);

export const FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif";
/** Slack for fonts other than DejaVu Sans. */
const SLACK = 1.04;

export function textWidth(text: string, size: number, isBold = false): number {
  const w = isBold ? boldWidths : regularWidths;
  let sum = 0;
  for (const c of text) sum += w.get(c) ?? 1000;
  return (sum / 1000) * size * SLACK;
}

/** Height of one line of text of this size (ascent + descent of DejaVu Sans, rounded up). */
export const lineHeight = (size: number): number => Math.ceil(size * 1.25);

export type Anchor = 'start' | 'middle' | 'end';

/** The box a one-line text occupies when drawn with its baseline at y. */
export function textBox(text: string, x: number, y: number, size: number, anchor: Anchor, isBold = false): Box {
  const w = textWidth(text, size, isBold);
  const left = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
  // DejaVu Sans: ascent 0.93 em, descent 0.24 em.
  return { x: left, y: y - size * 0.93, w, h: size * 1.17 };
}
