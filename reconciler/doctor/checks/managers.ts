/**
 * Other network managers must keep off the LAN port: dlan puts the LAN's addresses on it and runs
 * its DHCP server there. A DHCP client on it (ifupdown `inet dhcp`, NetworkManager's default
 * connection, a networkd .network with DHCP=) would fight dlan, an `ifdown` would remove dlan's
 * addresses. One finding per manager that is present: ifupdown, NetworkManager, systemd-networkd.
 */
import { error, type Finding, ok, warning } from '../finding.js';
import { ifupdownMethods, networkdFile, nmManagesIfupdown, nmUnmanages } from '../parse-distro.js';
import type { DoctorSystem } from '../system.js';
import type { DoctorTarget } from '../target.js';
import { unitEnabled } from './distro.js';

/** A directory's files with a suffix, read, in name order. */
async function readDir(sys: DoctorSystem, dir: string, suffix = ''): Promise<{ path: string; text: string }[]> {
  const names = ((await sys.list(dir)) ?? []).filter((n) => n.endsWith(suffix));
  const out: { path: string; text: string }[] = [];
  for (const n of names) {
    const text = await sys.host.readFile(`${dir}/${n}`);
    if (text !== undefined) out.push({ path: `${dir}/${n}`, text });
  }
  return out;
}

const INTERFACES = '/etc/network/interfaces';

/** interfaces(5) and Debian's `source /etc/network/interfaces.d/*`. */
async function ifupdownFiles(sys: DoctorSystem): Promise<{ path: string; text: string }[]> {
  const main = await sys.host.readFile(INTERFACES);
  return [...(main !== undefined ? [{ path: INTERFACES, text: main }] : []), ...(await readDir(sys, `${INTERFACES}.d`))];
}

function judgeIfupdown(lan: string, stanzas: { path: string; methods: string[] }[]): Finding {
  const id = 'lan:ifupdown';
  const fix = `remove the \`iface ${lan}\` stanza (and \`auto\`/\`allow-hotplug ${lan}\`) from ${stanzas.map((s) => s.path).join(', ')}, or make it \`iface ${lan} inet manual\``;
  const methods = stanzas.flatMap((s) => s.methods);
  if (methods.length === 0) return ok(id, `ifupdown does not configure ${lan}`);
  if (methods.every((m) => m.endsWith(' manual'))) return ok(id, `ifupdown only brings ${lan} up (inet manual)`);
  if (methods.some((m) => m.endsWith(' dhcp') || m.endsWith(' auto'))) {
    return error(id, `ifupdown runs a DHCP client on the LAN port ${lan} (${methods.join(', ')}), where dlan runs the DHCP server`, fix);
  }
  return warning(id, `ifupdown configures the LAN port ${lan} (${methods.join(', ')}): \`ifdown ${lan}\` or a networking restart removes dlan's addresses until the next reconcile`, fix);
}

export async function checkLanManagers(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  const lan = t.router?.slice.router.lan?.interface;
  if (!lan) return [];
  const out: Finding[] = [];
  const files = await ifupdownFiles(sys);
  const stanzas = files.map((f) => ({ path: f.path, methods: ifupdownMethods(f.text, lan) })).filter((f) => f.methods.length > 0);
  if (files.length > 0) out.push(judgeIfupdown(lan, stanzas));

  if (await unitEnabled(sys, 'NetworkManager.service')) {
    const conf = [(await sys.host.readFile('/etc/NetworkManager/NetworkManager.conf')) ?? '', ...(await readDir(sys, '/etc/NetworkManager/conf.d', '.conf')).map((f) => f.text)].join('\n');
    const id = 'lan:networkmanager';
    // Debian: NetworkManager leaves the interfaces ifupdown lists alone ([ifupdown] managed=false).
    if (nmUnmanages(conf, lan)) out.push(ok(id, `NetworkManager leaves ${lan} alone (unmanaged-devices)`));
    else if (stanzas.length > 0 && nmManagesIfupdown(conf) !== true) out.push(ok(id, `NetworkManager leaves ${lan} to ifupdown`));
    else {
      out.push(warning(id, `NetworkManager manages the LAN port ${lan}: it may run a DHCP client there or take dlan's addresses away`,
        `printf '[keyfile]\\nunmanaged-devices=interface-name:${lan}\\n' > /etc/NetworkManager/conf.d/90-dlan.conf && systemctl reload NetworkManager`));
    }
  }

  if (await unitEnabled(sys, 'systemd-networkd.service')) {
    // systemd.network(5): the first file in name order that matches wins; /etc overrides /run and /usr/lib.
    const byName = new Map<string, { path: string; text: string }>();
    for (const dir of ['/usr/lib/systemd/network', '/run/systemd/network', '/etc/systemd/network']) {
      for (const f of await readDir(sys, dir, '.network')) byName.set(f.path.slice(dir.length + 1), f);
    }
    const first = [...byName.keys()].sort().map((n) => byName.get(n)!).find((f) => networkdFile(f.text, lan).matches);
    const id = 'lan:networkd';
    if (!first) out.push(ok(id, `systemd-networkd has no .network file for ${lan}`));
    else if (networkdFile(first.text, lan).unmanaged) out.push(ok(id, `systemd-networkd leaves ${lan} alone (${first.path}: Unmanaged=yes)`));
    else {
      out.push(warning(id, `systemd-networkd manages the LAN port ${lan} (${first.path})`,
        `printf '[Match]\\nName=${lan}\\n\\n[Link]\\nUnmanaged=yes\\n' > /etc/systemd/network/05-dlan-lan.network && networkctl reload (or add Unmanaged=yes to [Link] in ${first.path})`));
    }
  }
  return out;
}
