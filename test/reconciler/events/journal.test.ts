import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type DlanEvent, fileJournal, journalFiles, parseEvents } from '../../../reconciler/events/journal.js';

const ev = (i: number, over: Partial<DlanEvent> = {}): DlanEvent => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), router: 'r1', kind: 'reconcile', outcome: 'success', commit: `c${i}`, ...over,
});

const parse = suite('parseEvents');
parse('filters by time, router and limit, oldest first', () => {
  const lines = [ev(1), ev(2, { router: 'r2' }), ev(3), ev(4)].map((e) => JSON.stringify(e));
  assert.equal(parseEvents(lines, { since: new Date(Date.UTC(2026, 0, 1, 0, 2)) }).events.map((e) => e.commit), ['c2', 'c3', 'c4']);
  assert.equal(parseEvents(lines, { router: 'r1' }).events.map((e) => e.commit), ['c1', 'c3', 'c4']);
  assert.equal(parseEvents(lines, { limit: 2 }).events.map((e) => e.commit), ['c3', 'c4']);
});
parse('a torn or foreign line is counted as skipped, not hidden', () => {
  const r = parseEvents([JSON.stringify(ev(1)), '{"time":"2026-01-01T00:0', '{"x":1}']);
  assert.equal(r.events.length, 1);
  assert.is(r.skipped, 2);
});
parse.run();

const file = suite('fileJournal');
let dir = '';
file.before.each(async () => { dir = await mkdtemp(join(tmpdir(), 'dlan-journal-')); });
file.after.each(async () => { await rm(dir, { recursive: true, force: true }); });

file('appends and reads back across a restart', async () => {
  await fileJournal(dir).append(ev(1));
  await fileJournal(dir).append(ev(2));
  assert.equal((await fileJournal(dir).read()).events.map((e) => e.commit), ['c1', 'c2']);
});

file('rotates past maxBytes and never holds more than two files', async () => {
  const j = fileJournal(dir, 600);
  for (let i = 0; i < 40; i += 1) await j.append(ev(i, { message: 'x'.repeat(40) }));
  const { current, previous } = journalFiles(dir);
  const sizes = [(await readFile(current)).length, (await readFile(previous)).length];
  assert.ok(sizes.every((s) => s <= 600), `sizes ${sizes}`);
  const read = (await j.read()).events.map((e) => e.commit);
  assert.is(read.at(-1), 'c39', 'the newest event is kept');
  assert.ok(read.length < 40, 'the oldest were dropped');
  assert.equal(read, [...read].sort((a, b) => Number(a!.slice(1)) - Number(b!.slice(1))), 'oldest first, across the two files');
});

file('concurrent appends are all written, whole lines', async () => {
  const j = fileJournal(dir, 2000);
  await Promise.all(Array.from({ length: 30 }, (_, i) => j.append(ev(i))));
  const r = await j.read();
  assert.is(r.skipped, 0);
  assert.ok(r.events.length >= 10 && r.events.at(-1) !== undefined);
});

file('a torn last line (crash mid-write) is reported by read', async () => {
  const { current } = journalFiles(dir);
  await writeFile(current, `${JSON.stringify(ev(1))}\n`);
  await appendFile(current, '{"time":"20');
  const r = await fileJournal(dir).read();
  assert.is(r.events.length, 1);
  assert.is(r.skipped, 1);
});
file.run();
