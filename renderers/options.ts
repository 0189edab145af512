/**
 * Paths on the router that rendered files refer to but dlan does not render: the WireGuard
 * private key, where daemons keep pid and lease files and logs. The agent and the lab pass their
 * own (the lab gives every router its own); the defaults are those of a Debian router.
 */
export interface RenderOptions {
  /** The WireGuard private key, written by `dlan keygen`; referenced, never read by a renderer. */
  readonly privateKeyFile: string;
  /** Runtime directory for pid files of the daemons dlan configures (nginx). */
  readonly runDir: string;
  /** FRR's log file (FRR logs to a file, not to syslog: routers in containers have none). */
  readonly frrLogFile: string;
  /** dnsmasq's DHCP lease database. */
  readonly dhcpLeaseFile: string;
  /** The agent's webhook receiver (agent.yaml `webhook.port`): opened on the WAN when set. */
  readonly webhookPort?: number;
}

export const defaultRenderOptions: RenderOptions = {
  privateKeyFile: '/etc/dlan/wireguard.key',
  runDir: '/run/dlan',
  frrLogFile: '/var/log/frr/frr.log',
  dhcpLeaseFile: '/var/lib/misc/dnsmasq.leases',
};

export const renderOptions = (o: Partial<RenderOptions> = {}): RenderOptions => ({ ...defaultRenderOptions, ...o });
