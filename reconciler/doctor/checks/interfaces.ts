/**
 * The ports the router file names exist here, and are up. A missing one stops every apply
 * (InterfaceMissing); a WAN that is down means no peer can be reached (it is whatever gives it
 * its address upstream that brings it up); a LAN that is down is fine: dlan sets it up.
 */
import { portSpecs } from '../../../renderers/ports.js';
import { error, type Finding, ok, warning } from '../finding.js';
import type { DoctorSystem } from '../system.js';
import type { DoctorTarget } from '../target.js';

export async function readLinks(sys: DoctorSystem): Promise<Map<string, { up: boolean }>> {
  const r = await sys.host.run('ip', ['-j', 'link', 'show'], { check: true });
  const links = JSON.parse(r.stdout) as { ifname?: string; flags?: string[] }[];
  return new Map(links.filter((l) => l.ifname).map((l) => [l.ifname!, { up: (l.flags ?? []).includes('UP') }]));
}

export async function checkInterfaces(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  if (!t.router) return [];
  const links = await readLinks(sys);
  const names = [...links.keys()].sort().join(', ');
  return portSpecs(t.router.slice).map((p) => {
    const id = `interface:${p.role}`;
    const where = `${p.file}: ${p.field}`;
    const link = links.get(p.ifname);
    if (!link) return error(id, `${p.ifname} (${where}) does not exist here (it has: ${names}); dlan will not apply`, `change ${p.field} in ${p.file} to the right port, or create ${p.ifname} (a bridge, a VLAN) at boot`);
    if (link.up) return ok(id, `${p.ifname} (${where}) exists and is up`);
    if (p.up) return ok(id, `${p.ifname} (${where}) exists; it is down, dlan sets it up when it applies`);
    return warning(id, `${p.ifname} (${where}) is down: no peer can be reached through it`, `bring it up with what configures it upstream (ifup ${p.ifname}, networkctl up ${p.ifname}, nmcli device connect ${p.ifname})`);
  });
}
