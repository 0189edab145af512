import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { countPings, namePath, recordedRoute, renderMatrix } from './e2e.js';

const reply = (seq: number) => `64 bytes from 10.2.0.10: icmp_seq=${seq} ttl=61 time=0.9 ms`;
const stats = (sent: number, got: number) => `\n--- 10.2.0.10 ping statistics ---\n${sent} packets transmitted, ${got} received, ${Math.round(100 - (100 * got) / sent)}% packet loss, time 200ms\n`;

const count = suite('countPings');
count('a run of lost probes is the interruption: 4 lost at 20 ms is 80 ms', () => {
  const out = [1, 2, 3, 8, 9, 10].map(reply).join('\n') + stats(10, 6);
  assert.equal(countPings(out, 20), { sent: 10, received: 6, lost: 4, longestGapMs: 80, missing: [4, 5, 6, 7] });
});
count('the probe still on its way when ping was stopped is not lost; duplicates count once', () => {
  const out = [1, 2, 2, 3].map(reply).join('\n') + stats(4, 3);
  assert.equal(countPings(out, 20), { sent: 3, received: 3, lost: 0, longestGapMs: 0, missing: [] });
});
count('a path that never came back is lost to the end', () => {
  const out = [1, 2].map(reply).join('\n') + stats(10, 2);
  assert.equal(countPings(out, 20).missing, [3, 4, 5, 6, 7, 8, 9]);
});
count.run();

const route = suite('recordedRoute / namePath');
route('the RR addresses of ping -R, named by node, repeats folded', () => {
  const out = 'PING 10.2.0.10 (10.2.0.10) 56(124) bytes of data.\n64 bytes from 10.2.0.10: icmp_seq=1 ttl=61 time=0.9 ms\nRR: \t10.1.0.10\n\t10.255.128.6\n\t10.2.0.1\n\t10.2.0.10\n\t10.2.0.10\n\t10.1.0.1\n\n\n--- stats';
  const rr = recordedRoute(out);
  assert.equal(rr, ['10.1.0.10', '10.255.128.6', '10.2.0.1', '10.2.0.10', '10.2.0.10', '10.1.0.1']);
  const book = new Map([['10.1.0.10', 's1'], ['10.255.128.6', 'r1'], ['10.2.0.1', 'r2'], ['10.2.0.10', 's2'], ['10.1.0.1', 'r1']]);
  assert.equal(namePath(rr, book), ['s1', 'r1', 'r2', 's2', 'r1']);
});
route.run();

const matrix = suite('renderMatrix');
matrix('46 when both families answer, a dot for the one that did not', () => {
  const text = renderMatrix(['s1', 's2'], { s1: { s2: { v4: true, v6: false } }, s2: { s1: { v4: true, v6: true } } });
  assert.equal(text.split('\n'), ['from\\to   s1  s2', 's1         -  4.', 's2        46   -']);
});
matrix.run();
