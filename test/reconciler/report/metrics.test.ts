import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// The Prometheus text-format parser is a test-only dependency: it checks what a scraper sees.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { HealthSummary } from '../../../reconciler/health/types.js';
import { emptyStats, recordReconcile, renderMetrics } from '../../../reconciler/report/metrics.js';

type Family = { name: string; type: string; metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[] };
const parse = (text: string) => new Map((parsePrometheusTextFormat(text) as Family[]).map((f) => [f.name, f]));

const health: HealthSummary = {
  status: 'degraded', at: 1000, commit: { applied: 'abc', ok: true }, daemons: [], peersUp: 1, problems: ['r5: "quoted"\nline'],
  peers: [
    { name: 'r4', handshakeAgeS: 12, rxBytes: 2048, txBytes: 1024, wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true },
    { name: 'r"5', wireguard: 'never', ospf: 'absent', ospf6: 'absent', bfd: 'absent', up: false, rxBytes: 0, txBytes: 92 },
  ],
};

const m = suite('renderMetrics');
m('parses as Prometheus text, with counters, gauges and a histogram by outcome', () => {
  let stats = recordReconcile(emptyStats, 'success', 0.3);
  stats = recordReconcile(stats, 'success', 4);
  stats = recordReconcile(stats, 'failure', 70, true);
  const text = renderMetrics({ router: 'r1', stats, suspended: true, applied: { commit: 'abc', at: 400 }, health, peersExpected: 2, now: 1000 });
  const fams = parse(text);
  assert.is(fams.get('dlan_reconciles_total')!.type, 'COUNTER');
  const byOutcome = Object.fromEntries(fams.get('dlan_reconciles_total')!.metrics.map((x) => [x.labels!.outcome, x.value]));
  assert.equal(byOutcome, { failure: '1', success: '2' });
  // The parser folds labelled histograms into one series, so the series are read from the text.
  assert.is(fams.get('dlan_reconcile_duration_seconds')!.type, 'HISTOGRAM');
  const lines = text.split('\n');
  for (const l of [
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="success",le="0.25"} 0',
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="success",le="0.5"} 1',
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="success",le="5"} 2',
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="success",le="+Inf"} 2',
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="failure",le="60"} 0',
    'dlan_reconcile_duration_seconds_bucket{router="r1",outcome="failure",le="+Inf"} 1',
    'dlan_reconcile_duration_seconds_sum{router="r1",outcome="success"} 4.3',
    'dlan_reconcile_duration_seconds_count{router="r1",outcome="success"} 2',
  ]) assert.ok(lines.includes(l), l);
  assert.is(fams.get('dlan_rollbacks_total')!.metrics[0]!.value, '1');
  assert.is(fams.get('dlan_suspended')!.metrics[0]!.value, '1');
  assert.is(fams.get('dlan_applied_commit_age_seconds')!.metrics[0]!.value, '600');
  assert.is(fams.get('dlan_peers_up')!.metrics[0]!.value, '1');
  assert.is(fams.get('dlan_peers_expected')!.metrics[0]!.value, '2');
  assert.equal(fams.get('dlan_peer_receive_bytes_total')!.metrics.map((x) => [x.labels!.peer, x.value]), [['r4', '2048'], ['r"5', '0']]);
  assert.equal(fams.get('dlan_peer_handshake_age_seconds')!.metrics.map((x) => x.labels!.peer), ['r4'], 'no handshake: no sample');
  assert.equal(fams.get('dlan_peer_ospf_full')!.metrics.map((x) => `${x.labels!.peer}/${x.labels!.family}=${x.value}`), ['r4/ipv4=1', 'r4/ipv6=1', 'r"5/ipv4=0', 'r"5/ipv6=0']);
});
m('a fresh agent with nothing applied still exposes its gauges', () => {
  const fams = parse(renderMetrics({ router: 'r1', stats: emptyStats, suspended: false, peersExpected: 0, now: 5 }));
  assert.is(fams.get('dlan_suspended')!.metrics[0]!.value, '0');
  assert.not.ok(fams.has('dlan_applied_commit_age_seconds'));
});
m.run();
