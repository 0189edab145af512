/** Wires the nodes together: cables, bridges, addresses, routes, sysctls, the home routers' NAT. */
import { renderCables, renderNodeLinks, renderNodeRoutes, renderSysctls } from './ip-batch.js';
import { renderHomeNat } from './nat.js';
import { execInNode, type Lab } from './node.js';
import { run } from './run.js';

export async function wireNetwork(lab: Lab): Promise<void> {
  await run('ip', ['-batch', '-'], { input: renderCables(lab.plan) });
  await Promise.all(lab.plan.nodes.map(async (n) => {
    await run('ip', ['-n', n.netns, '-batch', '-'], { input: renderNodeLinks(lab.plan, n.name) });
    const sysctls = renderSysctls(lab.plan, n.name);
    if (sysctls.length) await execInNode(lab, n.name, ['sysctl', '-q', '-w', ...sysctls], { mounts: false });
  }));
  await Promise.all(lab.plan.nodes.map(async (n) => {
    const routes = renderNodeRoutes(lab.plan, n.name);
    if (routes) await run('ip', ['-n', n.netns, '-batch', '-'], { input: routes });
  }));
  await Promise.all(lab.plan.nat.map((box) => execInNode(lab, box.node, ['nft', '-f', '-'], { mounts: false, input: renderHomeNat(box) })));
}
