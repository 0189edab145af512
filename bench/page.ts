/**
 * What the home page adds to the agent's resident memory: the agent's modules and status API in
 * a child process with the agent's node flags (bench/page-agent.ts), once without and once with
 * the page, each driven the same way for a while — the page mode by several browsers' worth of
 * requests (/api/page, the map, the script, the HTML) and server-sent event listeners, against
 * the fake fleet (test/support/page-fleet.ts: four other routers in this process). Prints both
 * resident sizes and their difference, and the time of one /api/page over the fleet.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addressPlanOf } from '../model/address-plan.js';
import { AGENT_NODE_FLAGS } from '../reconciler/agent/node-flags.js';
import { fakeFleet } from '../test/support/page-fleet.js';

const child = fileURLToPath(new URL('./page-agent.js', import.meta.url));

function get(port: number, path: string): Promise<number> {
  return new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port, path, headers: { host: 'dlan.lan' } }, (res) => { res.resume(); res.on('end', () => ok(res.statusCode ?? 0)); }).on('error', fail).end();
  });
}

/** Holds an SSE stream open for `ms`. */
function listen(port: number, ms: number): Promise<void> {
  return new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/stream', headers: { host: 'dlan.lan' } }, (res) => res.resume());
    req.on('error', () => ok());
    req.end();
    setTimeout(() => { req.destroy(); ok(); }, ms);
  });
}

async function measure(mode: 'base' | 'page', ports: Record<string, number>): Promise<{ rssKb: number; hwmKb: number; pageMs?: number }> {
  const p = spawn(process.execPath, [...AGENT_NODE_FLAGS, child, mode], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DLAN_BENCH_PORTS: JSON.stringify(ports) } });
  const lines = createInterface({ input: p.stdout! })[Symbol.asyncIterator]();
  const port = Number((await lines.next()).value);
  let pageMs: number | undefined;
  if (mode === 'page') {
    const t0 = performance.now();
    await get(port, '/api/page');
    pageMs = performance.now() - t0;
    const streams = Array.from({ length: 5 }, () => listen(port, 8000));
    for (let i = 0; i < 100; i++) {
      for (const path of ['/', '/app.js', '/app.css', '/api/page', `/api/map.svg?v=${i % 3}`, '/api/fleet', '/api/devices']) await get(port, path);
      await new Promise((r) => setTimeout(r, 40)); // past the 3 s cache a few times over the run
    }
    await Promise.all(streams);
  } else {
    for (let i = 0; i < 700; i++) await get(port, '/v1/status');
  }
  p.stdin!.write('mem\n');
  const m = JSON.parse(String((await lines.next()).value)) as { rssKb: number; hwmKb: number };
  p.stdin!.end();
  return { ...m, ...(pageMs !== undefined && { pageMs }) };
}

export async function main(): Promise<void> {
  const fleet = await fakeFleet({ pageOn: [] });
  try {
    const plan = addressPlanOf(fleet.topology.network);
    const ports: Record<string, number> = {};
    for (const r of fleet.topology.routers) {
      for (const host of [plan.loopback4(r.id), plan.loopback6(r.id)]) ports[host] = fleet.port(r.name);
    }
    const runs = 3;
    const base: number[] = [];
    const page: number[] = [];
    let pageMs = 0;
    for (let i = 0; i < runs; i++) {
      base.push((await measure('base', ports)).rssKb);
      const m = await measure('page', ports);
      page.push(m.rssKb);
      pageMs = m.pageMs ?? 0;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! / 1024;
    const b = median(base);
    const pg = median(page);
    console.log(`  agent modules + status API       ${b.toFixed(1).padStart(6)} MB resident (median of ${runs}, node ${AGENT_NODE_FLAGS.join(' ')})`);
    console.log(`  ... + home page, after 700 requests and 5 live streams ${pg.toFixed(1).padStart(6)} MB resident`);
    console.log(`  the page adds                    ${(pg - b).toFixed(1).padStart(6)} MB   goal: a few MB: ${pg - b <= 5 ? 'ok' : 'MISSED'}`);
    console.log(`  one /api/page over 5 routers     ${pageMs.toFixed(0).padStart(6)} ms (cold, loopback)`);
  } finally {
    await fleet.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
