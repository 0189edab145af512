/**
 * What makes a node a machine of its own: besides its network namespace, a persistent mount
 * namespace where /run is a private tmpfs and the paths the daemons and dlan use are bind mounts
 * of the node's own folder, and a UTS namespace with its host name. Then wireguard-go's UAPI
 * sockets (/var/run/wireguard), pid files, FRR's sockets, leases and configs are per node, and
 * every program runs with its default paths unchanged. Pure: renders the setup script.
 */

export interface NodeMount {
  /** Path inside the node. */
  readonly target: string;
  readonly kind: 'dir' | 'file';
  readonly mode: number;
  /** Seed the node's copy from the host's: `files` copies top-level files, `tree` everything. */
  readonly seed?: 'files' | 'tree' | 'dirs';
  /** Entries of the host's folder not copied (e.g. nginx's enabled default site on port 80). */
  readonly skip?: readonly string[];
}

export const nodeMounts: readonly NodeMount[] = [
  { target: '/etc/frr', kind: 'dir', mode: 0o755, seed: 'files' },
  { target: '/etc/wireguard', kind: 'dir', mode: 0o700 },
  { target: '/etc/dlan', kind: 'dir', mode: 0o700 },
  { target: '/etc/nginx', kind: 'dir', mode: 0o755, seed: 'tree', skip: ['sites-enabled'] },
  { target: '/etc/dnsmasq.d', kind: 'dir', mode: 0o755 },
  // dlan's sysctl file: without it, every router would write the host's /etc/sysctl.d.
  { target: '/etc/sysctl.d', kind: 'dir', mode: 0o755 },
  { target: '/etc/resolv.conf', kind: 'file', mode: 0o644 },
  { target: '/var/lib/misc', kind: 'dir', mode: 0o755 },
  { target: '/var/lib/dhcp', kind: 'dir', mode: 0o755 },
  { target: '/var/lib/dlan', kind: 'dir', mode: 0o700 },
  { target: '/var/lib/nginx', kind: 'dir', mode: 0o755 },
  // Log folders (nginx, frr) are recreated empty with the host's owners.
  { target: '/var/log', kind: 'dir', mode: 0o755, seed: 'dirs' },
];

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The script run by `unshare --mount=… --uts=… --propagation private` for a new node: set the
 * host name, bind the node's folders, drop the copies of other namespaces' pins (nsfs mounts:
 * /run/netns/*, the lab's ns/ files — else this node would keep other nodes' namespaces alive),
 * then mount a fresh tmpfs on /run. A /etc/resolv.conf that is a symlink into /run (systemd-
 * resolved) is bound after the tmpfs through a file descriptor opened before it.
 */
export function renderNodeSetup(hostname: string, nodeRoot: string): string {
  const lines = ['set -eu', `hostname ${q(hostname)}`];
  const late: string[] = [];
  for (const m of nodeMounts) {
    const src = `${nodeRoot}${m.target}`;
    if (m.target === '/etc/resolv.conf') {
      lines.push(
        `t=$(readlink -f /etc/resolv.conf || echo /etc/resolv.conf)`,
        `case "$t" in /run/*) exec 3<${q(src)} ;; *) [ -e "$t" ] || : > "$t"; mount --bind ${q(src)} "$t" ;; esac`,
      );
      late.push(`case "$t" in /run/*) mkdir -p "$(dirname "$t")"; : > "$t"; mount -c --bind /proc/self/fd/3 "$t"; exec 3<&- ;; esac`);
      continue;
    }
    lines.push(`[ -e ${q(m.target)} ] || mkdir -p ${q(m.target)}`, `mount --bind ${q(src)} ${q(m.target)}`);
  }
  lines.push(
    `awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i+1) == "nsfs") print $5; break } }' /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || :; done`, // gone meanwhile: fine
    'mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run',
    'mkdir -p /run/lock',
    ...late,
  );
  return `${lines.join('\n')}\n`;
}
