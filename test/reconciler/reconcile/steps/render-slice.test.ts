import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Stalled } from '../../../../model/errors.js';
import type { Topology } from '../../../../model/model.js';
import { CommitCache } from '../../../../reconciler/reconcile/cache.js';
import { renderSlice } from '../../../../reconciler/reconcile/steps/render-slice.js';
import { sampleTopology } from '../../../support/sample.js';
import { agentConfig, C1, C2 } from '../../../support/steps.js';

const step = suite<{ t: Topology }>('renderSlice (Rendered)');
step.before(async (ctx) => { ctx.t = await sampleTopology(); });
const deps = (router: string) => ({ config: agentConfig('/var/lib/dlan', { router }) });

step('this router\'s slice, rendered: "N files, M links"; the same commit\'s render comes from the cache', async ({ t }) => {
  const cache = new CommitCache();
  cache.keepTopology(C1, t);
  const r = await renderSlice(deps('r4'), cache, C1, t);
  assert.is(r.message, `${r.value.desired.files.length} files, 4 links`);
  assert.is(r.value.slice.router.name, 'r4');
  assert.is((await renderSlice(deps('r4'), cache, C1, t)).value, r.value);
  assert.is.not((await renderSlice(deps('r4'), cache, C2, t)).value, r.value, 'another commit is rendered afresh');
});
step('a router the topology does not have: Stalled UnknownRouter naming the ones it has', async ({ t }) => {
  try {
    await renderSlice(deps('r9'), new CommitCache(), C1, t);
    assert.unreachable();
  } catch (e) {
    assert.equal([(e as Stalled).kind, (e as Stalled).code], ['Stalled', 'UnknownRouter']);
    assert.match((e as Stalled).message, 'router r9 is not in the topology (routers: r1, r2, r3, r4, r5)');
  }
});
step('agent.yaml\'s webhook port is opened on the WAN by the rendered ruleset; without one it is not', async ({ t }) => {
  const nft = async (config: ReturnType<typeof agentConfig>) => {
    const cache = new CommitCache();
    cache.keepTopology(C1, t);
    return (await renderSlice({ config }, cache, C1, t)).value.desired.files.find((f) => f.path.endsWith('nftables.nft'))!.content;
  };
  assert.match(await nft({ ...agentConfig('/var/lib/dlan', { router: 'r4' }), webhook: { port: 9088, secretFile: '/etc/dlan/webhook-secret' } }), 'tcp dport 9088 accept comment "dlan webhook"');
  assert.not.match(await nft(agentConfig('/var/lib/dlan', { router: 'r4' })), 'dlan webhook');
});
step.run();
