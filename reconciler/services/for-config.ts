/**
 * The service manager agent.yaml names, for a host: systemd (Debian's units, dlan's own nginx
 * unit) or the process flavour, which starts the daemons with the config files the desired
 * state renders (so it is given them, when known).
 */
import type { DesiredState } from '../../renderers/state.js';
import type { Host } from '../host.js';
import { DLAN_UNITS } from './dlan-units.js';
import { processServices } from './process/index.js';
import { systemdServices } from './systemd.js';
import type { ServiceManager } from './types.js';

const pathOf = (d: DesiredState | undefined, service: string, fallback: string) =>
  d?.files.find((f) => f.service === service && !f.path.endsWith('/daemons'))?.path ?? fallback;

export function servicesFor(flavour: 'systemd' | 'process', host: Host, desiredHint?: DesiredState): ServiceManager {
  return flavour === 'process'
    ? processServices({ host, nginxConfig: pathOf(desiredHint, 'nginx', '/etc/dlan/nginx.conf'), dnsmasqConfig: pathOf(desiredHint, 'dnsmasq', '/etc/dnsmasq.d/dlan.conf') })
    : systemdServices({ host, units: DLAN_UNITS });
}
