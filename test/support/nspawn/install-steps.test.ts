import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseAgentConfig } from '../../../reconciler/agent-config.js';
import { parseAllowedSigners } from '../../../reconciler/trust/allowed-signers.js';
import { fromRoot } from '../paths.js';
import { findStep, INSTALL_MARKER, installBlock, installSteps, substitute } from './install-steps.js';

const steps = suite('installSteps');
steps('one step per command line; a here-document stays with its command; comments and blank lines go', () => {
  const block = ['apt install ./x.deb   # the package', '', '# a note', 'cat > /f <<\'EOF\'', 'a: 1', '# kept: inside the document', 'EOF', 'systemctl enable --now x'].join('\n');
  assert.equal(installSteps(block, 10), [
    { script: 'apt install ./x.deb   # the package', line: 10 },
    { script: "cat > /f <<'EOF'\na: 1\n# kept: inside the document\nEOF", line: 13 },
    { script: 'systemctl enable --now x', line: 17 },
  ]);
});
steps('an unclosed here-document is an error naming its line', () => {
  assert.throws(() => installSteps('cat > /f <<EOF\na: 1', 5), /README.md:5: here-document EOF is not closed/);
});
steps.run();

const block = suite('installBlock');
block('the sh block right after the marker, and the README line it starts on', () => {
  const readme = ['# x', INSTALL_MARKER, '```sh', 'one', 'two', '```', 'after'].join('\n');
  assert.equal(installBlock(readme), { text: 'one\ntwo', firstLine: 4 });
});
block('no marker, or no sh block after it, is an error', () => {
  assert.throws(() => installBlock('# x\n```sh\none\n```'), /has no/);
  assert.throws(() => installBlock(`${INSTALL_MARKER}\ntext\n`), /must follow/);
});
block.run();

const sub = suite('substitute');
sub('replaces every example value; an example the block lost is named', () => {
  const s = [{ script: 'router: r6\nrepo: https://x', line: 1 }];
  assert.equal(substitute(s, [{ what: 'r6', pattern: /^router: r6$/m, value: 'router: r1' }]), [{ script: 'router: r1\nrepo: https://x', line: 1 }]);
  assert.throws(() => substitute(s, [{ what: 'the key', pattern: /ssh-ed25519/, value: 'k' }]), /no longer has the key/);
});
sub('a value equal to the example still counts as found (the package file of the same version)', () => {
  const s = [{ script: 'apt install ./dlan_0.1.0_all.deb', line: 1 }];
  assert.equal(substitute(s, [{ what: 'deb', pattern: /\.\/dlan_\S+_all\.deb/, value: './dlan_0.1.0_all.deb' }]), s);
});
sub.run();

const readme = suite('README.md: Installing on a router');
readme('the block installs the package, makes the key, writes agent.yaml and the trust file, runs doctor, enables the agent, in that order', () => {
  const { text, firstLine } = installBlock(readFileSync(fromRoot('README.md'), 'utf8'));
  const s = installSteps(text, firstLine);
  const order = [
    findStep(s, /^apt(-get)? install \.\/dlan_\S+_all\.deb/, 'installs the package'),
    findStep(s, /^dlan keygen\b/, 'runs dlan keygen'),
    findStep(s, /^cat > \/etc\/dlan\/agent\.yaml <</, 'writes agent.yaml'),
    findStep(s, /^cat > \/etc\/dlan\/allowed_signers <</, 'writes the trust file'),
    findStep(s, /^dlan doctor\b/, 'runs dlan doctor'),
    findStep(s, /^systemctl enable --now dlan-agent$/, 'enables the agent'),
  ];
  assert.equal(order, [...order].sort((a, b) => a - b));
  assert.is(order[order.length - 1], s.length - 1, 'enabling the agent is the last step');
});
readme('its agent.yaml and allowed_signers are valid as written', () => {
  const { text, firstLine } = installBlock(readFileSync(fromRoot('README.md'), 'utf8'));
  const s = installSteps(text, firstLine);
  const body = (i: number) => s[i]!.script.split('\n').slice(1, -1).join('\n');
  const agent = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: body(findStep(s, /agent\.yaml <</, 'writes agent.yaml')) });
  assert.equal(agent.diagnostics, []);
  assert.is(agent.config!.router, 'r6');
  const signers = parseAllowedSigners(body(findStep(s, /allowed_signers <</, 'writes the trust file')), '/etc/dlan/allowed_signers');
  assert.is(signers.signers.length, 1);
});
readme.run();
