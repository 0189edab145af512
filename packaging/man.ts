/**
 * dlan(1), rendered from the command table: the same declarations `dlan <command> --help`
 * renders (cli/command.ts renderUsage), so the page cannot drift from the program. man-pages(7)
 * conventions: NAME, SYNOPSIS, DESCRIPTION, COMMANDS (one subsection each, options as tagged
 * paragraphs), FILES, SEE ALSO. Pure; packaging/deb.ts gzips it into the package.
 */
import type { Command, OptionSpec } from '../cli/command.js';

export interface ManPageInfo {
  readonly version: string;
  /** YYYY-MM-DD: the date of the release (the changelog's), so the page is reproducible. */
  readonly date: string;
}

/** Text → roff: backslashes escaped, no line read as a request, hyphens as minus signs. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

function option(name: string, o: OptionSpec): string[] {
  const flags = [...(o.short ? [`\\fB\\-${o.short}\\fR`] : []), `\\fB\\-\\-${roff(name)}\\fR`].join(', ');
  const value = o.type === 'string' ? ` \\fI${roff(o.value ?? 'VALUE')}\\fR` : '';
  const def = o.default !== undefined && o.default !== false ? ` (default: ${roff(String(o.default))})` : '';
  return ['.TP', `${flags}${value}`, `${roff(o.description)}${def}`];
}

function command(c: Command): string[] {
  const args = `${Object.keys(c.options).length ? ' [options]' : ''}${c.args ? ` ${c.args}` : ''}`;
  const details = c.details ? c.details.split('\n').flatMap((l, i) => (l.trim() === '' ? ['.PP'] : [...(i > 0 ? ['.br'] : []), roff(l)])) : [];
  return [
    `.SS "dlan ${roff(c.name)}${roff(args)}"`,
    roff(c.summary),
    ...(details.length ? ['.PP', ...details] : []),
    ...Object.entries({ ...c.options, help: helpOption }).flatMap(([n, o]) => option(n, o)),
  ];
}

export function renderManPage(commands: readonly Command[], info: ManPageInfo): string {
  return [
    `.TH DLAN 1 "${info.date}" "dlan ${info.version}" "User Commands"`,
    '.SH NAME',
    'dlan \\- one private network across your routers, managed from a signed git repo',
    '.SH SYNOPSIS',
    '.B dlan',
    '.I command',
    '.RI [ options ]',
    '.br',
    '.B dlan',
    '.I command',
    '.B \\-\\-help',
    '.SH DESCRIPTION',
    roff('dlan keeps WireGuard, VXLAN, OSPF (FRR), DHCP and DNS (dnsmasq), port forwards (nginx) and the firewall (nftables) of each router in line with a topology repo whose commits are signed. On each router, the agent (dlan-agent.service) fetches the repo, verifies the signature of the tip, renders this router\'s share and applies the difference.'),
    '.PP',
    roff('Every command has --help; the commands that print data have --json. Exit status: 0 success, 1 failure, 2 usage error.'),
    '.SH COMMANDS',
    ...commands.flatMap(command),
    '.SH FILES',
    '.TP', '.I /etc/dlan/agent.yaml', roff('The agent\'s configuration: repo, branch, router name, trust, schedule, status reporting.'),
    '.TP', '.I /etc/dlan/wireguard.key', roff('This router\'s WireGuard private key (dlan keygen), mode 0600.'),
    '.TP', '.I /var/lib/dlan', roff('The agent\'s state: the fetched repo, the last applied and last good commits, the inventory of what dlan owns.'),
    '.TP', '.I /usr/lib/dlan/sample\\-repo', roff('The example network (dlan demo).'),
    '.TP', '.I /usr/share/doc/dlan', roff('The guide, the field reference, signing setups and what dlan makes each Debian service do (debian.md).'),
    '.SH SEE ALSO',
    '.BR wg (8),',
    '.BR nft (8),',
    '.BR vtysh (1),',
    '.BR dnsmasq (8),',
    '.BR nginx (8),',
    '.BR systemctl (1)',
    '',
  ].join('\n');
}
