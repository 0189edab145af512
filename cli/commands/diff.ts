import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { LabProof } from '../../lab/prove-lab.js';
import { LIMITS } from '../../model/limits.js';
import { isRefused, type RepoFile } from '../../model/repo-files.js';
import { loadTopology } from '../../model/load.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { readTopologyDir } from '../../reconciler/source/read-dir.js';
import { readFileAt, readTopologyAt } from '../../reconciler/source/read-topology.js';
import { openRepository, resolveRange } from '../../reconciler/source/rev-parse.js';
import { diffTopologies, type SideInput, type SideLabel, type TopologyDiff } from '../../review/diff.js';
import { renderDiffMarkdown } from '../../review/render-markdown.js';
import { renderDiffText } from '../../review/render-text.js';
import { styleFor } from '../../reconciler/plan/style.js';
import { exitCode } from '../../review/summary.js';
import { type Command, flag, type Io, jsonOption, printJson, str, UsageError } from '../command.js';
import { InvalidTopologyError } from '../load-repo.js';
import { renderDiagnostics } from '../render-diagnostics.js';

function side(label: SideLabel, which: 'BASE' | 'HEAD', files: readonly RepoFile[]): SideInput {
  const r = loadTopology(files);
  if (!r.topology) {
    const name = `${which} ${label.name}${label.commit ? ` (${label.commit.slice(0, 7)})` : ''}`;
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const sources = new Map(files.flatMap((f) => (isRefused(f) ? [] : [[f.path, { text: f.text }] as const])));
    throw new InvalidTopologyError(name, errors.length, renderDiagnostics(errors, { max: LIMITS.printed.value, sources }));
  }
  return { label, topology: r.topology, peerings: r.peerings, diagnostics: r.diagnostics };
}

/** One side as files, and how to put it in a directory the lab can build (with its lab.yaml). */
interface Side {
  readonly input: SideInput;
  readonly materialize: () => Promise<{ dir: string; cleanup: () => Promise<void> }>;
}

/** The two sides, from two directories or from two commits of the repository. */
async function readSides(args: Parameters<Command['run']>[0], io: Io): Promise<[Side, Side]> {
  const baseDir = str(args, 'base-dir');
  const headDir = str(args, 'head-dir');
  if (baseDir || headDir) {
    if (!baseDir || !headDir) throw new UsageError('--base-dir and --head-dir go together');
    if (args.positionals.length) throw new UsageError('give either a range of commits or --base-dir and --head-dir, not both');
    const read = async (dir: string, which: 'BASE' | 'HEAD'): Promise<Side> => ({
      input: side({ name: dir }, which, await readTopologyDir(resolve(io.cwd, dir))),
      materialize: async () => ({ dir: resolve(io.cwd, dir), cleanup: async () => {} }),
    });
    return [await read(baseDir, 'BASE'), await read(headDir, 'HEAD')];
  }
  if (args.positionals.length === 0) throw new UsageError('give a range of commits, e.g. main..HEAD, or --base-dir and --head-dir');
  const repo = await openRepository(resolve(io.cwd, str(args, 'repo') ?? '.'));
  const range = await resolveRange(repo, args.positionals);
  const { gitdir } = repo;
  const dir = str(args, 'path') ?? '';
  const cache = {};
  const at = async (s: { name: string; commit: string }, which: 'BASE' | 'HEAD'): Promise<Side> => {
    const files = await readTopologyAt(gitdir, s.commit, cache, dir);
    return {
      input: side({ name: s.name, commit: s.commit }, which, files),
      materialize: async () => {
        const { labFileName } = await import('../../lab/spec.js');
        const lab = await readFileAt(gitdir, s.commit, dir ? `${dir}/${labFileName}` : labFileName, cache);
        if (lab === undefined) throw new UsageError(`--lab: ${s.name} has no ${labFileName} (the lab builds the network it describes)`);
        const out = await mkdtemp(join(tmpdir(), 'dlan-diff-lab-'));
        for (const f of [...files.filter((x): x is SourceFile => !isRefused(x)), { path: labFileName, text: lab }]) {
          await mkdir(dirname(join(out, f.path)), { recursive: true });
          await writeFile(join(out, f.path), f.text);
        }
        return { dir: out, cleanup: () => rm(out, { recursive: true, force: true }) };
      },
    };
  };
  return [await at(range.base, 'BASE'), await at(range.head, 'HEAD')];
}

/** --lab: each side asked for brought up in the lab and proved against its model. */
async function labProofs(sides: readonly [string, Side][], prefix: string, io: Io): Promise<Record<string, LabProof>> {
  // The lab's modules load only for --lab.
  const { proveInLab } = await import('../../lab/prove-lab.js');
  const out: Record<string, LabProof> = {};
  for (const [which, s] of sides) {
    const { dir, cleanup } = await s.materialize();
    try {
      out[which] = await proveInLab({ topology: dir, prefix, ...(io.env.DLAN_LAB_ROOT && { root: io.env.DLAN_LAB_ROOT }), progress: (l) => io.stderr(`lab (${which}): ${l}\n`) });
    } finally {
      await cleanup();
    }
  }
  return out;
}

/** The proofs as text, under the diff, or as a Markdown section. */
async function renderProofs(proofs: Record<string, LabProof>, format: string): Promise<string> {
  const { renderProof } = await import('../../lab/prove.js');
  const lines = Object.entries(proofs).map(([which, p]) => renderProof(p.proof, `lab at ${which}`).trimEnd()
    + (p.unsettled ? '\n  (a link of the lab went down while it was measured: the machine may be too busy for the lab)' : ''));
  return format === 'markdown' ? `\n### Lab\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n` : `\n${lines.join('\n')}\n`;
}

export function renderDiff(d: TopologyDiff, format: string, io: Io, diffs: boolean): string {
  if (format === 'markdown') return renderDiffMarkdown(d);
  return renderDiffText(d, { style: styleFor(io.isTTY, io.env), diffs });
}

export const diff: Command = {
  name: 'diff',
  summary: 'Review a change before it merges: what BASE..HEAD does to every router and to the network. Reads only the repository.',
  args: '[BASE..HEAD | BASE...HEAD | BASE HEAD]',
  details: [
    'Renders both sides for every router, as each router would, and compares the network models: peerings, reachability and',
    'shortest paths between LANs (OSPF costs, ECMP, both families), single points of failure, forwards, DNS names.',
    'Revisions use git rev-parse syntax (main, HEAD~1, origin/main, a commit id); BASE...HEAD starts at the merge base, as',
    'a pull request does. Nothing of this machine is read (no root needed).',
    '',
    'Exit codes: 0 no change, 1 error (an invalid side prints its diagnostics; with --lab, a lab that disagrees with the',
    'model), 2 changes, 3 with --fail-on-reachability-loss when a pair of LANs reachable at BASE is not at HEAD.',
  ].join('\n'),
  usageExit: 1,
  options: {
    repo: { type: 'string', value: 'DIR', description: 'The topology git repository.', default: '.' },
    path: { type: 'string', value: 'DIR', description: 'The topology\'s folder inside the repository, when not its root.' },
    'base-dir': { type: 'string', value: 'DIR', description: 'Compare two directories instead of commits: the base...' },
    'head-dir': { type: 'string', value: 'DIR', description: '...and the head.' },
    format: { type: 'string', value: 'FORMAT', description: 'text, markdown (a pull-request comment) or json.', default: 'text' },
    'fail-on-reachability-loss': { type: 'boolean', description: 'Exit 3 when a pair of LANs reachable at BASE is not at HEAD.' },
    'no-diff': { type: 'boolean', description: 'Text: leave out the file diffs.' },
    limit: { type: 'string', value: 'N', description: 'How many changed LAN pairs to list (counts stay exact).', default: '100' },
    lab: { type: 'boolean', description: 'Prove the model: bring HEAD up in the lab (root; needs lab.yaml), measure routes, pings and paths, report disagreements (exit 1).' },
    'lab-base': { type: 'boolean', description: 'With --lab: prove BASE as well.' },
    'lab-prefix': { type: 'string', value: 'PREFIX', description: 'With --lab: the lab\'s namespace prefix.', default: 'dlp' },
    json: jsonOption,
  },
  async run(args, io) {
    const format = flag(args, 'json') ? 'json' : str(args, 'format') ?? 'text';
    if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format ${format}: use text, markdown or json`);
    const limit = Number(str(args, 'limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit ${str(args, 'limit')}: a whole number`);
    if (flag(args, 'lab-base') && !flag(args, 'lab')) throw new UsageError('--lab-base goes with --lab');
    const [base, head] = await readSides(args, io);
    const d = diffTopologies(base.input, head.input, { limit });
    const proofs = flag(args, 'lab')
      ? await labProofs([...(flag(args, 'lab-base') ? [['base', base] as [string, Side]] : []), ['head', head]], str(args, 'lab-prefix') ?? 'dlp', io)
      : undefined;
    if (format === 'json') printJson(io, proofs ? { ...d, lab: proofs } : d);
    else io.stdout(renderDiff(d, format, io, !flag(args, 'no-diff')) + (proofs ? await renderProofs(proofs, format) : ''));
    if (proofs && Object.values(proofs).some((p) => p.proof.disagreements.length > 0)) {
      io.stderr('dlan diff: the lab disagrees with the model (see above)\n');
      return 1;
    }
    return exitCode(d.summary, { failOnReachabilityLoss: flag(args, 'fail-on-reachability-loss') });
  },
};
