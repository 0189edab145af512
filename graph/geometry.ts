/** Points, boxes and the few intersection tests the layouts and their tests need. Pure. */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box: top-left corner, width, height. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export const centre = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/** Boxes grown by `pad` on every side overlap (touching edges do not count). */
export function overlaps(a: Box, b: Box, pad = 0): boolean {
  return a.x - pad < b.x + b.w && b.x - pad < a.x + a.w && a.y - pad < b.y + b.h && b.y - pad < a.y + a.h;
}

export function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** The smallest box holding all of `boxes`. */
export function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.w));
  const btm = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: r - x, h: btm - y };
}

/** Whether segment pq passes through the interior of box b (Liang–Barsky clipping). */
export function segmentCrossesBox(p: Point, q: Point, b: Box): boolean {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  // Liang–Barsky: for each side, p·t ≤ q keeps the part of the segment inside that side.
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    return true;
  };
  // Strict interior: shrink the box by a hair so a segment that only touches a side does not count.
  const e = 0.01;
  if (!clip(-dx, p.x - (b.x + e))) return false;
  if (!clip(dx, b.x + b.w - e - p.x)) return false;
  if (!clip(-dy, p.y - (b.y + e))) return false;
  if (!clip(dy, b.y + b.h - e - p.y)) return false;
  return t1 - t0 > 1e-9;
}

/** A point at parameter t of a polyline, measured by length. */
export function alongPolyline(points: readonly Point[], t: number): Point {
  const lens = points.slice(1).map((q, i) => Math.hypot(q.x - points[i]!.x, q.y - points[i]!.y));
  let rest = lens.reduce((a, b) => a + b, 0) * t;
  for (let i = 0; i < lens.length; i++) {
    const len = lens[i]!;
    if (rest <= len || i === lens.length - 1) {
      const f = len === 0 ? 0 : Math.min(1, rest / len);
      const p = points[i]!;
      const q = points[i + 1]!;
      return { x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f };
    }
    rest -= len;
  }
  return points[0]!;
}

/** Points of a quadratic Bézier p0 → p2 with control c, as a polyline of n segments. */
export function quadratic(p0: Point, c: Point, p2: Point, n = 16): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const u = 1 - t;
    out.push({ x: u * u * p0.x + 2 * u * t * c.x + t * t * p2.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p2.y });
  }
  return out;
}

export const round = (n: number): number => Math.round(n * 10) / 10;
