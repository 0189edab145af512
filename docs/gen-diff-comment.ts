/**
 * The picture of a `dlan diff` pull-request comment in the README and the guide: the golden
 * Markdown of the sample's "r5 leaves" change (test/golden/diff/r5-leaves.md, what dlan posts)
 * rendered to HTML by a CommonMark renderer with tables, as a forge does, in a page styled like
 * a comment, with the first router's section open; then photographed by headless chromium.
 *
 *   node dist/docs/gen-diff-comment.js      writes docs/img/diff-comment.{html,png,png.sha256}
 *
 * The HTML is deterministic and test/docs/diff-comment.test.ts keeps it equal to what the
 * golden Markdown gives; the .sha256 file records which HTML the PNG was taken of, so the test
 * also fails when the PNG is older than its HTML.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { repoRootFrom } from './gen-reference.js';

export const GOLDEN = 'test/golden/diff/r5-leaves.md';
export const HTML = 'docs/img/diff-comment.html';
export const PNG = 'docs/img/diff-comment.png';
export const WIDTH = 980;

const css = `
body { margin: 0; background: #f6f8fa; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
.comment { width: ${WIDTH - 40}px; margin: 20px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
.head { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0; color: #59636e; }
.head b { color: #1f2328; }
.body { padding: 4px 16px 12px; }
h2 { font-size: 1.4em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.2em; margin-top: 1.2em; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #eff1f3; padding: .1em .3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: hidden; font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #d1d9e0; padding: 4px 10px; }
th { background: #f6f8fa; }
blockquote { margin: 8px 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
ul { padding-left: 2em; }
details { margin: 4px 0; }
summary { cursor: pointer; }
`;

/** The page: the rendered Markdown in a comment frame, the first <details> open. Pure. */
export function commentHtml(markdown: string): string {
  const body = new MarkdownIt({ html: true }).render(markdown).replace('<details>', '<details open>');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>dlan diff comment</title><style>${css}</style></head>
<body><div class="comment"><div class="head"><b>github-actions</b> commented</div><div class="body">
${body}</div></div></body></html>
`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = repoRootFrom(import.meta.url);
  const html = commentHtml(await readFile(join(root, GOLDEN), 'utf8'));
  await writeFile(join(root, HTML), html);
  const height = Number(process.argv[2] ?? 2400);
  await promisify(execFile)('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars',
    `--window-size=${WIDTH},${height}`, `--screenshot=${join(root, PNG)}`, `file://${join(root, HTML)}`,
  ], { timeout: 120_000 });
  await writeFile(join(root, `${PNG}.sha256`), `${sha256(html)}  ${HTML}\n`);
  console.log(`wrote ${HTML}, ${PNG} (${WIDTH}x${height})`);
}
