/**
 * A value computed at most once per `ttlMs`, with one computation in flight at a time: many
 * viewers of the page (or many routers asking one agent) cost one probe round, not one each.
 * A failed computation is not kept: the next caller tries again.
 */
export interface Cached<T> {
  get(): Promise<T>;
}

export function cached<T>(compute: () => Promise<T>, ttlMs: number, nowMs: () => number = () => Date.now()): Cached<T> {
  let value: { readonly v: T; readonly at: number } | undefined;
  let running: Promise<T> | undefined;
  return {
    get() {
      if (value && nowMs() - value.at < ttlMs) return Promise.resolve(value.v);
      running ??= compute().then(
        (v) => { value = { v, at: nowMs() }; running = undefined; return v; },
        (e: unknown) => { running = undefined; throw e; },
      );
      return running;
    },
  };
}
