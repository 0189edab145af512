/**
 * A token bucket (pure: the clock is an argument): `burst` requests at once, then one every
 * `everyMs`. The webhook receiver uses one per source address and one overall, so a flood of
 * POSTs (signed or not) cannot make the router reconcile in a loop or burn its CPU on HMACs.
 */
export interface Bucket { readonly tokens: number; readonly at: number }

export interface RateLimit { readonly burst: number; readonly everyMs: number }

export function take(limit: RateLimit, bucket: Bucket | undefined, nowMs: number): { readonly allowed: boolean; readonly bucket: Bucket } {
  const prev = bucket ?? { tokens: limit.burst, at: nowMs };
  const refilled = Math.min(limit.burst, prev.tokens + Math.max(0, nowMs - prev.at) / limit.everyMs);
  if (refilled < 1) return { allowed: false, bucket: { tokens: refilled, at: nowMs } };
  return { allowed: true, bucket: { tokens: refilled - 1, at: nowMs } };
}

/** Buckets per key, forgetting keys idle long enough to be full again (bounded memory). */
export function rateLimiter(limit: RateLimit, maxKeys = 1024) {
  const buckets = new Map<string, Bucket>();
  return (key: string, nowMs: number): boolean => {
    const r = take(limit, buckets.get(key), nowMs);
    buckets.delete(key);
    buckets.set(key, r.bucket); // most recent last: the first key is the oldest
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
    return r.allowed;
  };
}
