/** Awaits `p` and returns the HostError it must reject with, checking its code. */
import * as assert from 'uvu/assert';
import { HostError } from '../../reconciler/host.js';

export async function rejects(p: Promise<unknown>, code: string): Promise<HostError> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, HostError);
    assert.is((e as HostError).code, code, (e as Error).message);
    return e as HostError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}
