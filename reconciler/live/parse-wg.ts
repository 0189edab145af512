/**
 * `wg show IF dump` → interface and peers, without secrets. wg(8): the first line is
 * `private-key public-key listen-port fwmark`, each further line
 * `public-key preshared-key endpoint allowed-ips latest-handshake transfer-rx transfer-tx persistent-keepalive`,
 * tab-separated, `(none)` / `off` / 0 for unset. The private and preshared key columns are never
 * copied anywhere: only whether they are set. Pure.
 */
import { normalizeAddress } from './parse-ip.js';
import type { LiveWireguardPeer } from '../plan/live-state.js';

export interface ParsedWgDump {
  readonly listenPort: number;
  readonly publicKey?: string;
  readonly fwmark?: number;
  readonly peers: LiveWireguardPeer[];
}

const unset = (v: string | undefined): boolean => v === undefined || v === '' || v === '(none)' || v === 'off';

function allowedIp(cidr: string): string {
  const [addr, len] = cidr.split('/');
  return `${normalizeAddress(addr ?? '')}${len === undefined ? '' : `/${len}`}`;
}

export function parseWgDump(text: string): ParsedWgDump {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').split('\t');
  // head[0] is the private key: deliberately not read.
  const publicKey = head[1];
  const fwmark = head[3];
  const peers: LiveWireguardPeer[] = lines.slice(1).map((line) => {
    const c = line.split('\t');
    const handshake = Number(c[4] ?? '0');
    return {
      publicKey: c[0] ?? '',
      ...(unset(c[2]) ? {} : { endpoint: c[2]! }),
      allowedIps: unset(c[3]) ? [] : c[3]!.split(',').map(allowedIp).sort(),
      ...(handshake > 0 ? { latestHandshake: handshake } : {}),
      rxBytes: Number(c[5] ?? '0'),
      txBytes: Number(c[6] ?? '0'),
      ...(unset(c[7]) || c[7] === '0' ? {} : { keepalive: Number(c[7]) }),
      hasPresharedKey: !unset(c[1]),
    };
  });
  return {
    listenPort: Number(head[2] ?? '0'),
    ...(unset(publicKey) ? {} : { publicKey: publicKey! }),
    ...(unset(fwmark) ? {} : { fwmark: Number(fwmark!.startsWith('0x') ? parseInt(fwmark!, 16) : fwmark) }),
    peers: peers.sort((a, b) => (a.publicKey < b.publicKey ? -1 : a.publicKey > b.publicKey ? 1 : 0)),
  };
}
