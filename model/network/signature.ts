/**
 * A fingerprint of the set of shortest paths from one source to every router (computed by
 * spf.ts in its own pass), so two versions
 * of a network can be compared pair by pair in O(V + E) per source instead of listing paths
 * (which can be exponentially many under ECMP). The fingerprint of a router folds its name and
 * cost with the sum of its predecessors' (mixed) fingerprints, along the SPF's settling order:
 * a sum does not depend on the order predecessors are found in, and needs no sorting or
 * allocation. Two 32-bit halves (a collision hides a change with odds about 2^-64 per pair).
 * Names, not indexes, go in, so the fingerprints of two topologies with different router lists
 * compare.
 */

/** Two independent 32-bit string hashes (FNV-1a and a multiply-rotate variant). */
export function nameHash(name: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(((h2 ^ c) << 5) | ((h2 ^ c) >>> 27), 0x5bd1e995);
  }
  return [h1 >>> 0, h2 >>> 0];
}

export const mix = (h: number, v: number): number => {
  let x = Math.imul(h ^ v, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};

export interface Fingerprints {
  /** Per router index; 0/0 where the router cannot be reached. */
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
}
