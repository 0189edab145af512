import { type RouterSlice, slice } from '../../model/slice.js';
import { listenPort } from '../../renderers/wireguard.js';
import { type Command, flag, jsonOption, printJson, requireStr, str } from '../command.js';
import { loadRepo } from '../load-repo.js';
import { renderTable } from '../../reconciler/table.js';

/**
 * One router's slice as the renderers use it: its WireGuard listen port is the renderer's own
 * (`listenPort`: the port of its site endpoint or endpoint, else the network's), and every DHCP
 * range dnsmasq serves is listed, each family on its own.
 */
export function renderSlice(s: RouterSlice): string {
  const r = s.router;
  const a = s.addresses;
  const out: string[] = [];
  out.push(`router ${r.name} (id ${r.id})${r.site ? `, site ${r.site}` : ''}${r.description ? ` — ${r.description}` : ''}`);
  out.push(`  domain      ${r.domain}`);
  out.push(`  endpoint    ${r.endpoints.join(', ') || '(behind NAT)'}${r.siteEndpoint ? `, in site ${r.siteEndpoint}` : ''}`);
  out.push(`  loopback    ${a.loopback4}  ${a.loopback6}   (OSPF router-id ${a.routerId})`);
  out.push(`  wireguard   ${a.wireguard4}  ${a.wireguard6}   port ${listenPort(s)}`);
  if (r.lan) {
    const l = r.lan;
    out.push(`  lan         ${l.interface}: ${[l.ipv4 && `${l.ipv4.address}/${l.ipv4.length}`, l.ipv6 && `${l.ipv6.address}/${l.ipv6.length}`].filter(Boolean).join('  ')}`);
    const ranges = [l.ipv4 && l.dhcp.range4, l.ipv6 && l.dhcp.range6].filter((x): x is readonly [string, string] => Boolean(x));
    if (ranges.length) out.push(`  dhcp        ${ranges.map((x) => x.join('-')).join(', ')} (lease ${l.dhcp.lease})`);
    for (const h of l.hosts) out.push(`  host        ${h.name} ${h.mac} ${[h.ipv4, h.ipv6].filter(Boolean).join(' ')}`);
  } else out.push('  lan         (none)');
  out.push('', `peers (${s.peers.length})`);
  out.push(renderTable(['PEER', 'VIA', 'ENDPOINT', 'LINK', 'VNI', 'LOCAL', 'REMOTE', 'KEEPALIVE'],
    s.peers.map((p) => [p.name + (p.kind === 'explicit' ? '*' : ''), p.via, p.endpoint ?? '(dials us)', p.ifname, String(p.vni),
      `${p.link.local4} ${p.link.local6}`, `${p.link.remote4} ${p.link.remote6}`, p.keepalive ? `${p.keepalive}s` : '-'])).trimEnd());
  out.push('', `forwards (${s.forwards.length})`);
  if (s.forwards.length) {
    out.push(renderTable(['SERVICE', 'PORT', 'TO', 'PROXY', 'BACKENDS'],
      s.forwards.map((f) => [f.service, `${f.port}/${f.protocol}`, String(f.to), f.proxyProtocol ? 'yes' : 'no',
        f.backends.map((b) => `${b.name}${b.name === b.address ? '' : ` (${b.address})`}`).join(', ')])).trimEnd());
  }
  out.push('', `dns forwards (${s.domains.length})`);
  out.push(renderTable(['DOMAIN', 'SERVER', 'REVERSE'], s.domains.map((d) => [d.domain, d.server4, d.reverse.join(' ')])).trimEnd());
  return `${out.join('\n')}\n`;
}

export const inspect: Command = {
  name: 'inspect',
  summary: "Show one router's slice of the topology as the renderers use it: derived addresses, WireGuard port, DHCP ranges, peers, VNIs, forwards, DNS.",
  args: '[REPO]',
  options: { router: { type: 'string', short: 'r', value: 'NAME', description: 'The router to show.' }, json: jsonOption },
  async run(args, io) {
    const t = await loadRepo(io, args.positionals[0] ?? str(args, 'repo'));
    const s = slice(t, requireStr(args, 'router'));
    if (flag(args, 'json')) printJson(io, { ...s, listenPort: listenPort(s) });
    else io.stdout(renderSlice(s));
    return 0;
  },
};
