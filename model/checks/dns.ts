/**
 * DNS names as dnsmasq will serve them: every label at most 63 characters and every name at most
 * 253 (RFC 1035 §2.3.4, the 255-octet wire limit less the length bytes). The longest names dlan
 * makes are <host>.<router>.<domain> and router.<router>.<domain>.
 */
import { RESERVED_HOST_NAMES } from '../reserved.js';
import type { Check } from './context.js';

const MAX_LABEL = 63;
const MAX_NAME = 253;

export const checkDnsNames: Check = ({ topology, report, networkFile }) => {
  const domain = topology.network.domain;
  const long = domain.split('.').find((l) => l.length > MAX_LABEL);
  if (long) report.error('DnsLabelTooLong', networkFile, ['domain'], `the label ${long.slice(0, 20)}… has ${long.length} characters; a DNS label has at most ${MAX_LABEL}`);
  for (const r of topology.routers) {
    const longest = Math.max(...[...RESERVED_HOST_NAMES].map((n) => n.length));
    if (longest + r.name.length + domain.length + 2 > MAX_NAME) {
      report.error('DnsNameTooLong', r.file, [], `the router's names (router.${r.name}.${domain}) are longer than ${MAX_NAME} characters; use a shorter router name or domain`);
      continue;
    }
    (r.lan?.hosts ?? []).forEach((h, i) => {
      const name = `${h.name}.${r.name}.${domain}`;
      if (name.length > MAX_NAME) {
        report.error('DnsNameTooLong', r.file, ['lan', 'hosts', i, 'name'], `${name.slice(0, 40)}… has ${name.length} characters; a DNS name has at most ${MAX_NAME}`);
      }
    });
  }
};
