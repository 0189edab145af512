/**
 * The units dlan ships for the daemons it runs under systemd (systemd/, the Debian package),
 * by daemon, in place of the distro's: `dnsmasq.service` belongs to the dnsmasq package (dlan
 * needs only dnsmasq-base) and reads /etc/dnsmasq.conf as well; `nginx.service` runs Debian's
 * default site on port 80. FRR runs under Debian's own frr.service. docs/debian.md says why.
 */
export const DLAN_UNITS = { nginx: 'dlan-nginx', dnsmasq: 'dlan-dnsmasq' } as const;
