/** Every sample router's DesiredState, rendered once per test file. */
import { render } from '../../renderers/render.js';
import { slice, sliceIndex } from '../../model/slice.js';
import type { DesiredState } from '../../renderers/state.js';
import { sampleTopology } from './sample.js';

export async function renderedSample(): Promise<Map<string, DesiredState>> {
  const t = await sampleTopology();
  const index = sliceIndex(t);
  return new Map(t.routers.map((r) => [r.name, render(slice(t, r.name, index))]));
}

export const fileOf = (d: DesiredState, path: string): string => {
  const f = d.files.find((x) => x.path === path);
  if (!f) throw new Error(`${d.router} has no ${path} (has ${d.files.map((x) => x.path).join(', ')})`);
  return f.content;
};
