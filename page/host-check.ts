/**
 * The page answers only requests addressed to the router by an IP address or by a name under the
 * network's domain (dlan.lan, router.r1.lan, ...). A web site on the internet could otherwise
 * point a name of its own at the router's LAN address (DNS rebinding) and read the device list
 * from a browser on the LAN: the browser sends that site's name as Host, which this refuses. Pure.
 */
const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;

export function hostAllowed(hostHeader: string | undefined, domain: string): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.trim().toLowerCase();
  if (/^\[[0-9a-f:.]+\](:[0-9]+)?$/.test(h)) return true; // [v6]:port
  const name = h.replace(/:[0-9]+$/, '').replace(/\.$/, '');
  if (IPV4.test(name) || name === 'localhost') return true;
  const d = domain.toLowerCase().replace(/\.$/, '');
  return name === d || name.endsWith(`.${d}`);
}
