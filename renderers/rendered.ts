/** What one subsystem's renderer contributes to a router's DesiredState; `render` merges them. */
import type { DesiredState } from './state.js';

export type Rendered = Partial<Omit<DesiredState, 'router'>>;

/** Compares by a string key with `<`, not localeCompare: byte order does not depend on the locale. */
export const byKey = <T>(key: (x: T) => string) => (a: T, b: T): number => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
