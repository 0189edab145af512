/**
 * Timer relations the daemons rely on. OSPF declares a neighbour down after `dead` seconds
 * without a hello (RFC 2328 §9: RouterDeadInterval); with dead ≤ hello every adjacency drops
 * between two hellos and comes back, over and over. FRR accepts the numbers, so dlan must not.
 */
import type { Check } from './context.js';

export const checkTimers: Check = ({ topology, report, networkFile }) => {
  const { hello, dead } = topology.network.ospf;
  if (dead <= hello) {
    report.error('OspfDeadNotAboveHello', networkFile, ['ospf', 'dead'],
      `${dead} s is not longer than the hello interval (${hello} s): neighbours would be declared dead between two hellos; make it longer, e.g. ${hello * 4} (4 × hello, the ratio of FRR's defaults)`,
      false, [report.place(networkFile, ['ospf', 'hello'], 'the hello interval')]);
  }
};
