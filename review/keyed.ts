/** Added, removed and changed members of two keyed lists: the shape of most of a diff. */
export interface Changes<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly changed: readonly { readonly before: T; readonly after: T }[];
}

/** Compares by `key`; a member present on both sides is changed when `same` says so. Output keeps the inputs' order. */
export function keyedChanges<T>(before: readonly T[], after: readonly T[], key: (x: T) => string,
  same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)): Changes<T> {
  const was = new Map(before.map((x) => [key(x), x]));
  const now = new Map(after.map((x) => [key(x), x]));
  const changed: { before: T; after: T }[] = [];
  for (const x of after) {
    const b = was.get(key(x));
    if (b !== undefined && !same(b, x)) changed.push({ before: b, after: x });
  }
  return {
    added: after.filter((x) => !was.has(key(x))),
    removed: before.filter((x) => !now.has(key(x))),
    changed,
  };
}

export const isEmpty = (c: Changes<unknown>): boolean => c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0;
