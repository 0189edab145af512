import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trustSettings } from '../../../reconciler/trust/from-config.js';

const settings = suite('trustSettings');
settings('maps agent.yaml trust to files and policy, with defaults', () => {
  assert.equal(trustSettings({ allowedSigners: '/etc/dlan/allowed_signers' }), {
    files: { allowedSigners: '/etc/dlan/allowed_signers' }, policy: { mode: 'tip', forgeSigners: [] },
  });
  const pin = 'a'.repeat(40);
  assert.equal(trustSettings({ openpgpKeys: '/k', verify: 'chain', forgeSigners: ['X'], pinCommit: pin, allowRollbackTo: pin }), {
    files: { openpgpKeys: '/k' }, policy: { mode: 'chain', forgeSigners: ['X'], pinCommit: pin, allowRollbackTo: pin },
  });
});
settings('trust.maxClockSkew becomes seconds for the policy', () => {
  assert.is(trustSettings({ allowedSigners: '/a', maxClockSkew: '90m' }).policy.maxClockSkewSeconds, 5400);
  assert.is(trustSettings({ allowedSigners: '/a', maxClockSkew: '1500ms' }).policy.maxClockSkewSeconds, 1);
});
settings.run();
