/**
 * `dlan doctor` as a user runs it, in a network namespace (a box whose WAN port is eth0) with a
 * root whose /usr, /bin and /sbin are this machine's and whose /etc is the case's: exit codes,
 * the table, --json.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dlan, type CliResult } from '../../support/cli.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';
import { fromRoot, sampleRepo } from '../../support/paths.js';

function dlanIn(node: NodeNs, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', [`--net=${node.net}`, '--', process.execPath, fromRoot('dist', 'cli', 'dlan.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

type Ctx = { node: NodeNs; root: string };
const cli = suite<Ctx>('dlan doctor');
cli.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlc', 'd'));
  await ctx.node.host.run('sh', ['-c', 'ip link add eth0 type bridge && ip link set eth0 up'], { check: true });
  ctx.root = await mkdtemp(join(tmpdir(), 'dlan-doctor-cli-'));
  for (const d of ['usr', 'bin', 'sbin']) await symlink(`/${d}`, join(ctx.root, d));
  await mkdir(join(ctx.root, 'etc'));
});
cli.after(async (ctx) => {
  if (ctx.node) await removeNode(ctx.node);
  if (ctx.root) await rm(ctx.root, { recursive: true, force: true });
});
const args = (ctx: Ctx, ...more: string[]) => ['doctor', '--repo', sampleRepo, '--router', 'r4', '--root', ctx.root, ...more];

cli('usage: --router without --repo is exit 2; --help is exit 0', async () => {
  assert.is((await dlan(['doctor', '--router', 'r4'])).code, 2);
  const h = await dlan(['doctor', '--help']);
  assert.is(h.code, 0);
  assert.match(h.stdout, '--repo DIR');
});
cli('a box ready for r4 (a cloud hub with forwards): exit 0, warnings only, the same findings as --json', async (ctx) => {
  const r = await dlanIn(ctx.node, args(ctx));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^dlan doctor: r4 \(/);
  assert.match(r.stdout, /✓ +interface:wan +eth0 \(routers\/r4\.yaml: wan\.interface\) exists and is up/);
  assert.match(r.stdout, /✓ +port:tcp\/80 +free for nginx \(forward web\)/);
  assert.match(r.stdout, /no errors, \d+ warnings?: dlan can run; read the warnings\./);
  const j = await dlanIn(ctx.node, args(ctx, '--json'));
  assert.is(j.code, 0);
  const report = JSON.parse(j.stdout) as { errors: number; findings: { id: string; severity: string; fix?: string }[] };
  assert.is(report.errors, 0);
  assert.ok(report.findings.some((f) => f.id === 'nginx:stream' && f.severity === 'ok'));
  assert.ok(report.findings.filter((f) => f.severity !== 'ok').every((f) => f.fix), 'every finding that is not ok has a fix');
});
cli('Debian\'s default nginx site enabled with nginx.service under systemd: exit 1, the table names it and its fix', async (ctx) => {
  const site = join(ctx.root, 'etc/nginx/sites-enabled/default');
  const extra = ['etc/systemd/system/multi-user.target.wants/nginx.service', 'run/systemd/system/.booted'].map((p) => join(ctx.root, p));
  for (const f of [site, ...extra]) await mkdir(dirname(f), { recursive: true });
  await writeFile(site, 'server {\n\tlisten 80 default_server;\n\tlisten [::]:80 default_server;\n}\n');
  for (const f of extra) await writeFile(f, '');
  try {
    const r = await dlanIn(ctx.node, args(ctx));
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ +nginx:default-site +Debian's default nginx site \(\/etc\/nginx\/sites-enabled\/default\) listens on 80, which the forward web \(tcp\/80\) needs/);
    assert.match(r.stdout, 'fix: rm /etc/nginx/sites-enabled/default && systemctl reload nginx');
    assert.match(r.stdout, /1 error, \d+ warnings?: fix the errors before enabling dlan-agent\./);
    const j = JSON.parse((await dlanIn(ctx.node, args(ctx, '--json'))).stdout) as { errors: number };
    assert.is(j.errors, 1);
  } finally {
    for (const f of [site, ...extra]) await rm(f);
  }
});
cli.run();
