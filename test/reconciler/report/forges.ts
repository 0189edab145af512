/** Shared set-up for the per-forge reporter tests: a forge server and a token file. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForgeServer, type ForgeServer } from '../../support/forge-server.js';

export const TOKEN = 'dlx-token-0123456789';
export const SHA1 = '1111111111111111111111111111111111111111';
export const SHA2 = '2222222222222222222222222222222222222222';

export interface ForgeCtx { server: ForgeServer; dir: string; tokenFile: string }

export async function forgeSetup(ctx: ForgeCtx): Promise<void> {
  ctx.server = await startForgeServer(TOKEN);
  ctx.dir = await mkdtemp(join(tmpdir(), 'dlx-report-'));
  ctx.tokenFile = join(ctx.dir, 'token');
  await writeFile(ctx.tokenFile, `${TOKEN}\n`, { mode: 0o600 });
}

export async function forgeTeardown(ctx: ForgeCtx): Promise<void> {
  if (ctx.server) await ctx.server.close();
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
}
