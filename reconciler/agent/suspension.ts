/**
 * `dlan suspend` survives restarts: the suspension is a file in the state dir
 * (`suspended.json`), written atomically, removed by `dlan resume`. While it exists the agent
 * fetches, verifies and reports, but applies nothing (Flux's `spec.suspend`).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../memory/atomic-write.js';
import type { Suspension } from '../api/types.js';

export const suspensionPath = (stateDir: string): string => join(stateDir, 'suspended.json');

export async function readSuspension(stateDir: string): Promise<Suspension | undefined> {
  let text: string;
  try {
    text = await readFile(suspensionPath(stateDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  // A hand-edited or truncated file still suspends, saying so: stopping by mistake is safer
  // than applying while someone works on the router.
  let v: Partial<Suspension>;
  try {
    v = JSON.parse(text) as Partial<Suspension>;
  } catch (e) {
    return { reason: `${suspensionPath(stateDir)} is unreadable (${(e as Error).message}); dlan resume clears it`, since: '' };
  }
  return { reason: typeof v.reason === 'string' ? v.reason : 'no reason given', since: typeof v.since === 'string' ? v.since : '' };
}

export async function writeSuspension(stateDir: string, s: Suspension): Promise<void> {
  await writeJsonAtomic(suspensionPath(stateDir), s, 0o644);
}

export async function clearSuspension(stateDir: string): Promise<void> {
  await rm(suspensionPath(stateDir), { force: true });
}
