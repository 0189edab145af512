/**
 * Round-trip time of an overlay link: one ICMP echo to the peer's tunnel address (the /31 of the
 * VXLAN link, so it crosses exactly that link, WireGuard included), with iputils' ping, which the
 * package depends on. One packet, a one-second deadline, every link at once: a probe round costs
 * a few processes every few seconds, and only while someone looks at the page.
 */
import type { Host } from '../host.js';

/** The `rtt min/avg/max/mdev = 0.045/0.051/0.060/0.004 ms` summary's average, or undefined. */
export function parsePingRtt(stdout: string): number | undefined {
  const m = /(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = [0-9.]+\/([0-9.]+)\//.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

export async function pingRtt(host: Host, address: string, timeoutS = 1): Promise<{ readonly rttMs?: number; readonly error?: string }> {
  const r = await host.run('ping', ['-n', '-q', '-c', '1', '-W', String(timeoutS), address], { timeoutMs: (timeoutS + 2) * 1000 });
  const rtt = parsePingRtt(r.stdout);
  if (r.code === 0 && rtt !== undefined) return { rttMs: rtt };
  return { error: r.code === 1 ? `no reply within ${timeoutS} s` : (r.stderr.trim().split('\n')[0] ?? `ping exited ${r.code}`) };
}
