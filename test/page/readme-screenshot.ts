/**
 * Generates docs/img/page.png, the README's picture of the home page: the Devices view of the
 * sample network as the fake fleet (test/support/page-fleet.ts) serves it, in headless Chromium.
 * `npm run gen:page` writes it. The PNG carries, in a tEXt chunk, a digest of everything it
 * was drawn from (the HTML, the style, the compiled script, the page's data), so
 * readme-screenshot.test.ts can tell a stale picture without drawing it again (pixels differ
 * between machines' fonts; the inputs do not).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PAGE_CSS, pageHtml } from '../../page/html.js';
import { pageScript } from '../../page/assets.js';
import { launchBrowser } from '../support/browser.js';
import { type FakeFleet, fakeFleet } from '../support/page-fleet.js';
import { fromRoot } from '../support/paths.js';

export const SHOT = 'docs/img/page.png';
export const DIGEST_KEY = 'dlan-page-inputs';

const getText = (port: number, path: string): Promise<string> => new Promise((ok, fail) => {
  request({ host: '127.0.0.1', port, path, headers: { host: 'dlan.lan' } }, (res) => {
    let b = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => (b += d));
    res.on('end', () => ok(b));
  }).on('error', fail).end();
});

/** The digest of the picture's inputs, from a running fake fleet. */
export async function inputsDigest(fleet: FakeFleet): Promise<string> {
  const data = await getText(fleet.port('r1'), '/api/page');
  return createHash('sha256').update(pageHtml(fleet.topology.network.name)).update(PAGE_CSS).update(await pageScript()).update(data).digest('hex');
}

/** A PNG with a tEXt chunk (PNG spec §11.3.4.3) inserted after IHDR. */
export function withText(png: Buffer, key: string, text: string): Buffer {
  const body = Buffer.from(`${key}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + body.length);
  chunk.writeUInt32BE(body.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  body.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
  const ihdrEnd = 8 + 8 + png.readUInt32BE(8) + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** The tEXt value under `key`, if any. */
export function readText(png: Buffer, key: string): string | undefined {
  for (let at = 8; at + 8 <= png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const [k, v] = png.toString('latin1', at + 8, at + 8 + len).split('\0');
      if (k === key) return v;
    }
    at += 12 + len;
  }
  return undefined;
}

export async function drawReadmeShot(): Promise<Buffer> {
  const fleet = await fakeFleet();
  const browser = await launchBrowser({ viewport: { width: 1100, height: 700 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${fleet.port('r1')}/#devices`);
    await page.waitForFunction("document.querySelectorAll('#devices-table tbody tr[data-router]').length >= 7", undefined, { timeout: 30_000 });
    const png = await page.screenshot({ fullPage: true });
    return withText(png, DIGEST_KEY, await inputsDigest(fleet));
  } finally {
    await browser.close();
    await fleet.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(fromRoot(SHOT), await drawReadmeShot());
  console.log(`wrote ${SHOT} (${(await readFile(fromRoot(SHOT))).length} bytes)`);
}
