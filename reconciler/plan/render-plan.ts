/** `dlan plan` for people: one line per step with + / ~ / -, file diffs indented, a summary. */
import type { Plan } from './plan.js';
import { type Step, stepSubject } from './steps.js';
import { diffLine, plain, type Style } from './style.js';

const sign = (s: Step): string =>
  s.op === 'create' || s.op === 'add' || s.op === 'start' ? '+' : s.op === 'delete' || s.op === 'stop' ? '-' : '~';

function describe(s: Step): string {
  switch (s.kind) {
    case 'file': return `file ${stepSubject(s)}${s.op === 'delete' ? '' : ` (${s.file.service})`}`;
    case 'wireguard':
      if (s.op === 'delete') return `wireguard ${s.ifname} (${s.implementation})`;
      return `wireguard ${s.spec.ifname}${s.op === 'create' ? ` (${s.implementation})` : ''}: ${s.changes.join(', ')}`;
    case 'vxlan': return s.op === 'update' ? `link ${s.spec.ifname}: ${s.changes.join(', ')}` : s.op === 'create'
      ? `link ${s.spec.ifname} (vxlan ${s.spec.vni} to ${s.spec.peer}, ${s.spec.local} → ${s.spec.remote}, mtu ${s.spec.mtu})` : `link ${s.ifname}`;
    case 'address': return `address ${s.address} on ${s.ifname}`;
    case 'link': return `link ${s.ifname}: up (${s.field})`;
    case 'service': return `service ${s.service}: ${s.op} (${s.reason})`;
  }
}

const colourOf = (st: Style, mark: string): ((s: string) => string) => (mark === '+' ? st.green : mark === '-' ? st.red : st.yellow);

export function renderPlan(plan: Plan, opts: { diffs?: boolean; style?: Style } = {}): string {
  const st = opts.style ?? plain;
  const commit = plan.basedOn.commit ? ` for commit ${plan.basedOn.commit.slice(0, 7)}` : '';
  if (plan.steps.length === 0) return `No changes. ${plan.router} matches the desired state${commit}.\n`;
  const out = [st.bold(`dlan will make these changes on ${plan.router}${commit}:`), ''];
  for (const s of plan.steps) {
    out.push(`  ${colourOf(st, sign(s))(`${sign(s)} ${describe(s)}`)}`);
    if (opts.diffs !== false && s.kind === 'file') {
      const body = s.diff.split('\n').filter((l, i) => i >= 2 || !/^(={3,}|Index:)/.test(l)).filter((l) => !/^(---|\+\+\+) /.test(l));
      for (const l of body) if (l !== '') out.push(`      ${diffLine(st, l)}`);
    }
  }
  const { add, change, destroy } = plan.summary;
  out.push('', `Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`);
  return `${out.join('\n')}\n`;
}

/** `dlan plan --json`: the plan without file contents (the redacted diffs say what changes). */
export function planJson(plan: Plan): unknown {
  return {
    router: plan.router,
    basedOn: plan.basedOn,
    summary: plan.summary,
    steps: plan.steps.map((s) => {
      if (s.kind === 'file' && s.op !== 'delete') {
        return { kind: s.kind, op: s.op, path: s.file.path, service: s.file.service, mode: s.file.mode.toString(8), diff: s.diff };
      }
      if (s.kind === 'wireguard' && s.op !== 'delete') {
        const { privateKeyFile, ...spec } = s.spec;
        return { kind: s.kind, op: s.op, ...(s.op === 'create' && { implementation: s.implementation }), changes: s.changes, spec: { ...spec, privateKeyFile } };
      }
      return s;
    }),
  };
}
