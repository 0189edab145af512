/**
 * The maintainer scripts (packaging/debian/{postinst,prerm,postrm}; docs/debian.md says what
 * each does). postrm's purge deletes the files dlan renders, listed here from the renderers'
 * own paths (a test renders every sample router and finds no other). FRR's two files are the
 * frr package's conffiles: purge leaves them to frr and the admin. Pure.
 */
import { DNSMASQ_CONFIG_PATH } from '../renderers/dnsmasq.js';
import { FRR_CONFIG_PATH, FRR_DAEMONS_PATH } from '../renderers/frr.js';
import { NFTABLES_PATH } from '../renderers/nftables.js';
import { NGINX_CONFIG_PATH } from '../renderers/nginx.js';
import { SYSCTL_PATH } from '../renderers/sysctl.js';
import { WG_CONFIG_PATH } from '../renderers/wireguard.js';

export const SCRIPTS = ['postinst', 'prerm', 'postrm'] as const;
export type ScriptName = (typeof SCRIPTS)[number];

/** Rendered files a purge deletes. */
export const PURGED_FILES: readonly string[] = [DNSMASQ_CONFIG_PATH, NFTABLES_PATH, NGINX_CONFIG_PATH, SYSCTL_PATH, WG_CONFIG_PATH];
/** Rendered files a purge keeps: another package's conffiles. */
export const KEPT_ON_PURGE: readonly string[] = [FRR_CONFIG_PATH, FRR_DAEMONS_PATH];

export function renderScript(name: ScriptName, template: string): string {
  if (name !== 'postrm') return template;
  if (!template.includes('@RENDERED_FILES@')) throw new Error('packaging/debian/postrm: the @RENDERED_FILES@ placeholder is missing');
  return template.replace('@RENDERED_FILES@', PURGED_FILES.join(' '));
}
