/**
 * Hostile and careless input to the loader: YAML that is too big, too deep, too clever, or just
 * slightly wrong. Each is refused with one finding that names the file and says what to do,
 * and nothing from the file reaches the output unescaped.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic, formatRelated } from '../../model/diagnostic.js';
import { loadTopology } from '../../model/load.js';
import { LIMITS } from '../../model/limits.js';
import { loadEdited, sampleFiles } from '../support/sample.js';

const lines = (ds: readonly Parameters<typeof formatDiagnostic>[0][]) => ds.map(formatDiagnostic);

const yaml = suite('YAML');
yaml('a key given twice is one finding, with where it was first given', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => `${t}id: 7\n`);
  assert.equal(lines(r.diagnostics), ['routers/r4.yaml:8:1: id is given twice in the same mapping; keep one [DuplicateKey]']);
  assert.equal(formatRelated(r.diagnostics[0]!), ['routers/r4.yaml:2:1: id is first given here']);
});
yaml('network.yml next to network.yaml is refused', async () => {
  const files = await sampleFiles();
  const r = loadTopology([...files, { path: 'network.yml', text: files.find((f) => f.path === 'network.yaml')!.text }]);
  assert.equal(lines(r.diagnostics), ['network.yml:1:1: the repo has both network.yaml and network.yml; keep one [DuplicateNetworkFile]']);
});
yaml('an alias bomb is reported with its file, in words', async () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const r = await loadEdited('services/web.yaml', (t) => `${t}${levels.join('\n')}\n`);
  assert.equal(r.diagnostics.map((d) => [d.file, d.code]), [['services/web.yaml', 'AliasBomb']]);
  const many = await loadEdited('services/web.yaml', (t) => `${t}a: &a x\nb: [${Array(101).fill('*a').join(', ')}]\n`);
  assert.equal(lines(many.diagnostics), ['services/web.yaml:9:5: uses 101 aliases (*name); a topology file may use at most 100 [TooManyAliases]']);
  const small = await loadEdited('services/web.yaml', (t) => `${t}a: &a [x, x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`);
  assert.equal(lines(small.diagnostics), [
    'services/web.yaml:1:1: its aliases expand to more than 100 copies (aliases of aliases: an "alias bomb"); write the values out [AliasBomb]',
  ]);
});
yaml('a few aliases are fine', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => t.replace('lease: 12h', 'lease: &l 12h').replace('interface: eth1', 'interface: eth1\n  # same lease as above\n'));
  assert.equal(lines(r.diagnostics), []);
});
yaml('nesting deeper than the limit is refused, however it is written', async () => {
  const flow = await loadEdited('services/web.yaml', (t) => `${t}x: ${'['.repeat(LIMITS.depth.value + 5)}${']'.repeat(LIMITS.depth.value + 5)}\n`);
  assert.equal(lines(flow.diagnostics), ['services/web.yaml:8:36: is nested more than 32 levels deep; no topology field is [TooDeep]']);
  const huge = await loadEdited('services/web.yaml', (t) => `${t}x: ${'['.repeat(200_000)}\n`);
  assert.equal(huge.diagnostics.map((d) => [d.file, d.code]), [['services/web.yaml', 'TooDeep']]);
});
yaml('a file over the size limit is refused before parsing', async () => {
  const r = await loadEdited('services/web.yaml', (t) => `${t}#${'x'.repeat(LIMITS.fileBytes.value)}\n`);
  assert.equal(r.diagnostics.map((d) => [d.file, d.code]), [['services/web.yaml', 'FileTooLarge']]);
  assert.match(r.diagnostics[0]!.message, /^is 1,048,[0-9]{3} characters long; a topology file may have at most 1 MiB$/);
});
yaml('40,000 keys: every finding is found, the ones past the cap are counted', async () => {
  const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n');
  const r = await loadEdited('services/web.yaml', (t) => `${t}${keys}\n`);
  assert.is(r.diagnostics.length, LIMITS.findings.value + 1);
  assert.is(r.diagnostics.at(-1)!.code, 'TooManyFindings');
  assert.match(r.diagnostics.at(-1)!.message, 'and 39000 more findings not listed');
});
yaml('a key with escape sequences and a newline is printed escaped', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => `${t}"evil\\e[2J\\nrouters/r9.yaml:1:1: fake": 1\n`);
  const out = lines(r.diagnostics).join('\n');
  assert.not.match(out, '\x1b');
  assert.is(out.split('\n').length, 1, 'no line of its own');
  assert.match(out, 'evil\\x1b[2J\\nrouters/r9.yaml:1:1: fake: is not a known field');
});
yaml.run();

const slips = suite('everyday slips get one message that says what to do');
slips('a field indented one space too far: one message, at that line', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => t.replace('  ipv4: 10.1.0.0/24', '   ipv4: 10.1.0.0/24'));
  assert.equal(lines(r.diagnostics), [
    'routers/r1.yaml:9:4: this line is indented 3 spaces, more than the field above it: a field of the same mapping starts at column 3 (or, if it belongs to the value above, that value needs its own line) [YamlSyntax]',
  ]);
});
slips('a field indented one space too little: one message', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => t.replace('  ipv4: 10.1.0.0/24', ' ipv4: 10.1.0.0/24'));
  assert.equal(r.diagnostics.length, 1);
  assert.is(r.diagnostics[0]!.line, 9);
});
slips('a tab for indentation', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => t.replace('  ipv4: 10.1.0.0/24', '\tipv4: 10.1.0.0/24'));
  assert.equal(lines(r.diagnostics), ['routers/r1.yaml:9:1: a tab is used to indent this line; YAML indents with spaces only [YamlSyntax]']);
});
slips('an unclosed quote', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => t.replace('description: Cloud VM', 'description: "Cloud VM'));
  assert.equal(r.diagnostics.map((d) => d.message), ['a quoted text is not closed (its closing quote is missing)']);
});
slips('backend: for backends: is one finding with the fix', async () => {
  const r = await loadEdited('services/web.yaml', (t) => t.replace('backends:', 'backend:'));
  assert.equal(lines(r.diagnostics), ['services/web.yaml:3:1: backend: is not a known field; did you mean backends? (backends is required) [Schema]']);
});
slips('an unknown field names the nearest known one', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => t.replace('description:', 'descripton:'));
  assert.equal(lines(r.diagnostics), ['routers/r4.yaml:3:1: descripton: is not a known field; did you mean description? [Schema]']);
});
slips('an unknown field with nothing near lists the fields', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => `${t}color: blue\n`);
  assert.equal(lines(r.diagnostics), ['routers/r4.yaml:8:1: color: is not a known field (the fields here: id, description, site, publicKey, endpoint, siteEndpoint, wan, lan, peers, noPeers) [Schema]']);
});
slips('an endpoint in the wrong form gets an example, not a regex', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '203.0.113.4'));
  assert.equal(lines(r.diagnostics), ['routers/r4.yaml:6:11: endpoint: must be host:port, e.g. 203.0.113.10:51820 or [2001:db8::10]:51820, not "203.0.113.4" [Schema]']);
});
slips('a wrong enum value gets did you mean', async () => {
  const r = await loadEdited('services/game.yaml', (t) => t.replace('protocol: udp', 'protocol: upd'));
  assert.equal(lines(r.diagnostics), ['services/game.yaml:5:30: forwards[0].protocol: must be one of tcp, udp, not "upd"; did you mean udp? [Schema]']);
});
slips('a number out of range says the bound and the value', async () => {
  const r = await loadEdited('services/game.yaml', (t) => t.replace('port: 27015', 'port: 70000'));
  assert.equal(lines(r.diagnostics), ['services/game.yaml:5:13: forwards[0].port: must be at most 65535, not 70000 [Schema]']);
});
slips('a router misspelt in exposeOn gets did you mean', async () => {
  const files = (await sampleFiles()).map((f) => f.path === 'services/ssh.yaml' ? { ...f, text: f.text.replace('exposeOn: [r5]', 'exposeOn: [cloud-5]') } : f)
    .map((f) => f.path === 'routers/r5.yaml' ? { path: 'routers/cloud5.yaml', text: f.text } : f)
    .map((f) => f.path === 'services/web.yaml' ? { ...f, text: f.text.replace('[r4, r5]', '[r4, cloud5]') } : f);
  assert.equal(lines(loadTopology(files).diagnostics), ['services/ssh.yaml:6:12: exposeOn[0]: names unknown router cloud-5; did you mean cloud5? [UnknownRouter]']);
});
slips.run();
