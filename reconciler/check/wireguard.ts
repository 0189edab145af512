/**
 * WireGuard has no offline parser: the config is given to `wg setconf` on a throwaway interface
 * of the kind the router runs (a kernel one, or wireguard-go's: a router with kernel WireGuard
 * need not have wireguard-go installed), in fresh network, mount (tmpfs on /run for the UAPI
 * socket) and PID namespaces, so nothing of the host is touched and wireguard-go dies with the
 * check.
 *
 * Endpoints given by host name would need DNS, which a private namespace has not; their names
 * are mapped to 192.0.2.1 in a private /etc/hosts (whether a name resolves is the network's
 * business at run time, not the file's). `wg` reports no line numbers: the line is found from
 * the value it quotes.
 */
import { parseAddress } from '../../model/ip.js';
import { splitEndpoint } from '../../model/model.js';
import type { CheckOptions } from './run.js';
import { inPrivateNamespaces, outputLines, runCheck } from './run.js';
import { accepted, CheckerUnavailable, type CheckResult, ConfigRejected, rejected } from './rejected.js';

const IFNAME = 'wg-dlan';
const SCRIPT = `mount -t tmpfs dlan-check /run || exit 97
[ -s "$2" ] && { mount --bind "$2" /etc/hosts || exit 97; }
if [ "$3" = kernel ]; then
  ip link add ${IFNAME} type wireguard || exit 98
  exec wg setconf ${IFNAME} "$1"
fi
wireguard-go -f ${IFNAME} >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -S /run/wireguard/${IFNAME}.sock ]; do
  kill -0 $pid 2>/dev/null || { echo "wireguard-go exited before creating its socket" >&2; exit 98; }
  i=$((i + 1)); [ $i -gt 400 ] && { echo "wireguard-go did not create its socket within 20 s" >&2; exit 98; }
  sleep 0.05
done
wg setconf ${IFNAME} "$1"
rc=$?
kill $pid; wait $pid
exit $rc`;

function hostsFile(content: string): string {
  const names = new Set<string>();
  for (const m of content.matchAll(/^\s*Endpoint\s*=\s*(\S+)\s*$/gim)) {
    const { host } = splitEndpoint(m[1]!);
    if (!parseAddress(host)) names.add(host);
  }
  return names.size ? `127.0.0.1 localhost\n${[...names].sort().map((n) => `192.0.2.1 ${n}`).join('\n')}\n` : '';
}

export async function checkWireguard(content: string, file = '/etc/dlan/wg-dlan.conf', opts: CheckOptions = {}): Promise<CheckResult> {
  const run = await runCheck('wireguard', file, content, opts,
    (path, dir) => ({ ...inPrivateNamespaces(SCRIPT, [path, `${dir}/hosts`, opts.wireguard ?? 'userspace'], true), env: { WG_ENDPOINT_RESOLUTION_RETRIES: '0' } }),
    { hosts: hostsFile(content) });
  if (run.code === 97 || run.code === 98) throw new CheckerUnavailable('wireguard', file, run.output || `exit code ${run.code}`);
  if (run.code === 0) return accepted;
  const lines = outputLines(run.output);
  const first = lines[0] ?? `exit code ${run.code}`;
  const quoted = /`([^`']*)'/.exec(first)?.[1];
  const index = quoted ? content.split('\n').findIndex((l) => l.includes(quoted)) : -1;
  return rejected([new ConfigRejected({
    service: 'wireguard', file, ...(index >= 0 && { line: index + 1 }), message: first, stderr: run.output,
  })]);
}
