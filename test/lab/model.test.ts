/**
 * The network model against real daemons (root, heavy: one lab at a time, several minutes):
 * the sample and generated topologies go through the lab (`dlan lab up` with an agent in every
 * router), and the model's reachability, routes (next hops of every ECMP route on every router)
 * and paths must equal what the lab measures (lab/prove.ts). Generated topologies are the ones
 * the lab runs today (NAT sites behind home routers, public hubs, dual-stack LANs, names of at
 * most 8 characters); their seeds are printed, and `generated(seed, { lab: true })` rebuilds one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { labPaths } from '../../lab/paths.js';
import { proveInLab } from '../../lab/prove-lab.js';
import { renderProof } from '../../lab/prove.js';
import { generated } from '../support/generated.js';
import { fromRoot, sampleRepo } from '../support/paths.js';

const prefix = `dlm${process.pid}`;
// 6 and 7 routers here; DLAN_LAB_SEEDS=5,... runs others (seed 5: 10 routers, several minutes on 2 cores).
const SEEDS = (process.env.DLAN_LAB_SEEDS ?? '7,8').split(',').map(Number);
const tmp = mkdtempSync(join(tmpdir(), 'dlm-'));

process.on('exit', () => {
  if (existsSync(labPaths(prefix).dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { stdio: 'inherit' });
  rmSync(tmp, { recursive: true, force: true });
});

const figures: string[] = [];
async function check(name: string, dir: string): Promise<void> {
  const r = await proveInLab({ topology: dir, prefix, progress: (l) => { if (!l.startsWith(' ')) console.log(`  ${name}: ${l}`); } });
  const report = `${renderProof(r.proof, name)}${r.unsettled ? '(a BFD session of the lab went down during the last measurement)\n' : ''}`;
  figures.push(`${report.split('\n')[0]} (lab up ${(r.upMs / 1000).toFixed(1)} s, measured in ${(r.measureMs / 1000).toFixed(1)} s, ${r.attempts} attempt(s))`);
  assert.ok(r.proof.checked.routes > 0 && r.proof.checked.pings > 0 && r.proof.checked.paths > 0, 'something was measured');
  assert.equal(r.proof.disagreements, [], report);
}

const lab = suite('the network model equals what the lab measures');
lab.after(() => { console.log(`\n${figures.join('\n')}\n`); });

lab('the sample', () => check('sample', sampleRepo));
for (const seed of SEEDS) {
  const g = generated(seed, { lab: true });
  lab(`generated: ${g.summary}`, async () => {
    const dir = join(tmp, `seed-${seed}`);
    for (const f of g.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    await check(`generated ${g.summary}`, dir);
  });
}
lab.run();
