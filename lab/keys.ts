/**
 * Each router's WireGuard key is made inside the router node, as on a real router: `dlan keygen`
 * writes /etc/dlan/wireguard.key there (mode 0600) and prints only the public key.
 */
import { entryPoint } from '../reconciler/package-root.js';
import { LabError } from './errors.js';
import { execInNode, type Lab } from './node.js';

export const dlanBin = (): string[] => [process.execPath, entryPoint('dlan')];

/** Makes every router's key pair in its node; records and returns the public keys. */
export async function generateRouterKeys(lab: Lab): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  await Promise.all(lab.plan.routers.map(async (r) => {
    const out = await execInNode(lab, r.node, [...dlanBin(), 'keygen', '--out', '/etc/dlan/wireguard.key', '--json']);
    const { publicKey } = JSON.parse(out.stdout) as { publicKey?: string };
    if (!publicKey) throw new LabError('CommandFailed', `dlan keygen in ${r.node} printed no public key`, { node: r.node });
    keys[r.node] = publicKey;
  }));
  lab.state.update((s) => { Object.assign(s.publicKeys, keys); });
  return keys;
}
