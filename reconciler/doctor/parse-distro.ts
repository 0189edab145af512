/**
 * Reading the distro's own network and service files, as far as the doctor needs: which ports an
 * nginx site listens on, whether nftables.conf flushes the whole ruleset, and whether ifupdown,
 * NetworkManager or systemd-networkd would manage the LAN port. Pure.
 */

const uncommented = (text: string): string[] => text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');

/** Ports of an nginx config's `listen` directives (nginx.org/r/listen: `80`, `[::]:80`, `1.2.3.4:80`, default 80). */
export function nginxListenPorts(conf: string): number[] {
  const ports = new Set<number>();
  for (const l of uncommented(conf)) {
    const m = /^listen\s+([^\s;]+)/.exec(l);
    if (!m || m[1]!.startsWith('unix:')) continue;
    const v = m[1]!;
    const port = /^\d+$/.test(v) ? Number(v) : /:(\d+)$/.exec(v) ? Number(/:(\d+)$/.exec(v)![1]) : 80;
    ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Whether an nftables script runs `flush ruleset` (Debian's /etc/nftables.conf does, first thing). */
export const flushesRuleset = (conf: string): boolean => uncommented(conf).some((l) => /^flush\s+ruleset\b/.test(l));

/** fnmatch-style glob (`*`, `?`, `[...]`) as used by NetworkManager and systemd's Name=. */
export function globMatches(glob: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}

/** ifupdown: the methods of `iface NAME FAMILY METHOD` stanzas for this interface (interfaces(5)). */
export function ifupdownMethods(text: string, ifname: string): string[] {
  const out: string[] = [];
  for (const l of uncommented(text)) {
    const m = /^iface\s+(\S+)\s+(\S+)\s+(\S+)/.exec(l);
    if (m && m[1] === ifname) out.push(`${m[2]} ${m[3]}`);
  }
  return out;
}

/** `key=value` pairs per `[section]` of an INI-style file (NetworkManager.conf, systemd units). */
export function iniSections(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section = '';
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(l);
    if (s) { section = s[1]!.trim(); continue; }
    const i = l.indexOf('=');
    if (i < 0) continue;
    if (!out.has(section)) out.set(section, new Map());
    out.get(section)!.set(l.slice(0, i).trim(), l.slice(i + 1).trim());
  }
  return out;
}

/** NetworkManager.conf(5) `[keyfile] unmanaged-devices=interface-name:eth1;...`: does it cover this interface? */
export function nmUnmanages(conf: string, ifname: string): boolean {
  const v = iniSections(conf).get('keyfile')?.get('unmanaged-devices') ?? '';
  return v.split(/[;,]/).map((s) => s.trim()).some((spec) => {
    const m = /^interface-name:(?:=)?(.+)$/.exec(spec);
    return m !== null && globMatches(m[1]!, ifname);
  });
}

/** NetworkManager.conf `[ifupdown] managed=` (Debian: false, so interfaces ifupdown lists are left alone). */
export function nmManagesIfupdown(conf: string): boolean | undefined {
  const v = iniSections(conf).get('ifupdown')?.get('managed');
  return v === undefined ? undefined : /^(true|yes|1)$/i.test(v);
}

/** systemd.network(5): whether a .network file's [Match] Name= matches, and whether it says Unmanaged=yes. */
export function networkdFile(text: string, ifname: string): { matches: boolean; unmanaged: boolean } {
  const s = iniSections(text);
  const names = (s.get('Match')?.get('Name') ?? '').split(/\s+/).filter((n) => n !== '' && !n.startsWith('!'));
  const unmanaged = /^(yes|true|1|on)$/i.test(s.get('Link')?.get('Unmanaged') ?? '');
  return { matches: names.some((n) => globMatches(n, ifname)), unmanaged };
}
