/**
 * Interface names after nodes: the far end of a cable is named after the node it leads to (the
 * internet's port to r1 is `r1`), which reads well in `ip link`. The kernel allows 15 characters
 * (IFNAMSIZ 16 with the NUL), node names 63: a longer name becomes its first 10 characters, a
 * dash and 4 hex digits of its FNV-1a hash, so it stays recognisable, is the same on every run
 * and differs between names that share the first 10 characters. Pure.
 */
export const IFNAMSIZ_CHARS = 15;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { // node names are ASCII (DNS labels)
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The interface name of the port that leads to `node`. */
export function portName(node: string): string {
  if (node.length <= IFNAMSIZ_CHARS) return node;
  return `${node.slice(0, 10)}-${(fnv1a(node) & 0xffff).toString(16).padStart(4, '0')}`;
}
