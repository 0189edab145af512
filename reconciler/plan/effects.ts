/**
 * What a step does to traffic, in words, and whether it is hitless: done in place, without
 * dropping a packet, a session or an adjacency that the change is not about. The reasons come
 * from how each action works (renderers/state.ts ServiceAction, and the renderers' notes):
 * `wg syncconf` keeps sessions, frr-reload applies only changed lines, `nginx -s reload` keeps
 * open connections in old workers, `nft -f` swaps the table in one transaction; a restart does
 * none of that.
 */
import type { ServiceName } from '../../renderers/state.js';
import type { Step } from './steps.js';

export interface StepEffect {
  readonly hitless: boolean;
  readonly effect: string;
}

const restartCost: Readonly<Partial<Record<ServiceName, string>>> = {
  dnsmasq: 'DNS and DHCP pause while it restarts (about a second)',
  frr: 'every OSPF adjacency and BFD session of the router goes down and comes back',
  nginx: 'open forwarded connections are cut',
};

export function effectOf(s: Step): StepEffect {
  switch (s.kind) {
    case 'file': return { hitless: true, effect: 'a file is written; its service acts on it' };
    case 'wireguard':
      if (s.op === 'create') return { hitless: true, effect: 'the WireGuard interface is created' };
      if (s.op === 'delete') return { hitless: false, effect: 'the WireGuard interface is replaced by the other kind: every tunnel goes down and comes back' };
      return s.changes.some((c) => c.startsWith('listen-port'))
        ? { hitless: false, effect: 'the listen port moves: peers reach it again after their next handshake' }
        : { hitless: true, effect: 'changed in place' };
    case 'vxlan':
      if (s.op === 'create') return { hitless: true, effect: 'a new link' };
      if (s.op === 'update') return { hitless: true, effect: 'changed in place' };
      return { hitless: false, effect: 'the link goes away: traffic over it moves to other paths once OSPF notices' };
    case 'link': return { hitless: true, effect: 'a port of the router is brought up' };
    case 'address':
      return s.op === 'add' ? { hitless: true, effect: 'an address is added' } : { hitless: false, effect: 'hosts using this address lose it' };
    case 'service':
      switch (s.op) {
        case 'wg-sync': return { hitless: true, effect: 'wg syncconf: peers changed in place, sessions kept' };
        case 'frr-reload': return { hitless: true, effect: 'frr-reload: only changed lines applied, other adjacencies stay up' };
        case 'reload': return { hitless: true, effect: 'reload: new workers, open connections kept' };
        case 'nft-apply': return { hitless: true, effect: 'nft -f: the table replaced in one transaction' };
        case 'sysctl-apply': return { hitless: true, effect: 'sysctl -p: settings changed in place' };
        case 'start': return { hitless: true, effect: 'started' };
        case 'stop': return { hitless: false, effect: 'stopped' };
        case 'restart': return { hitless: false, effect: restartCost[s.service] ?? 'restarted' };
      }
  }
}
