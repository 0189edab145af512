/**
 * Headless Chromium for the page's tests and screenshots: Debian's `chromium` package driven by
 * playwright-core (no browser download), a fresh profile per launch, nothing phoning home.
 * `wrap` runs the browser through another command (the lab runs it inside a server's namespace
 * with `nsenter`); playwright talks to it over its inherited pipes, which nsenter keeps.
 */
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(o: { wrap?: readonly string[]; viewport?: { width: number; height: number }; args?: readonly string[] } = {}): Promise<Browser> {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-chromium-'));
  let executablePath = CHROMIUM;
  if (o.wrap) {
    executablePath = join(dir, 'chromium-wrapped');
    await writeFile(executablePath, `#!/bin/sh\nexec ${o.wrap.map((a) => `'${a}'`).join(' ')} ${CHROMIUM} "$@"\n`);
    await chmod(executablePath, 0o755);
  }
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath, headless: true, args: [...CHROMIUM_FLAGS, ...(o.args ?? [])], chromiumSandbox: false,
    // The page's CSP forbids eval; the test's in-page predicates are evaluated strings. The CSP itself is tested over HTTP.
    bypassCSP: true,
    viewport: o.viewport ?? { width: 1280, height: 900 }, timeout: 60_000,
  });
  return { context, close: async () => { await context.close(); await rm(dir, { recursive: true, force: true }); } };
}
