/**
 * Ready-made CI for a topology repo, written by `dlan init`: on every pull (merge) request,
 * `dlan validate` (an invalid topology fails the check) and `dlan diff BASE...HEAD --format
 * markdown`, posted as a comment; the check fails when the diff fails (exit 1) or a pair of
 * LANs reachable at the base is not at the head (exit 3, --fail-on-reachability-loss): the
 * comment is posted first, so the reviewer sees why. Exit 2 only means "there are changes".
 *
 * One file per forge: GitHub Actions, Forgejo/Gitea Actions (same file in .forgejo/ and
 * .gitea/, each forge reads its own folder first) and GitLab CI. dlan is installed with
 * `npm install --global "$DLAN_PACKAGE"`: a registry name, a git URL or a tarball URL.
 * Every `dlan` line stands alone, so test/cli/ci-files.test.ts can check and run it.
 * docs/guide.md ("Review changes in pull requests") explains them.
 */
import { VERSION } from './version.js';

export interface CiOptions {
  /** What `npm install --global` installs. */
  readonly package?: string;
}

export const defaultPackage = `dlan@${VERSION}`;

/** The shell lines shared by every forge: install, validate, diff into dlan-diff.md, remember the exit code. */
const validateLines = ['dlan validate .'];
const diffLines = (base: string, head: string) => [
  'status=0',
  `dlan diff --format markdown --fail-on-reachability-loss "${base}...${head}" > dlan-diff.md || status=$?`,
  'cat dlan-diff.md',
];

const indent = (lines: readonly string[], n: number) => lines.map((l) => `${' '.repeat(n)}${l}`).join('\n');

function actions(o: Required<CiOptions>, forge: 'github' | 'forgejo'): string {
  const post = forge === 'github'
    ? [
      '# Edit the last dlan comment rather than adding one per push.',
      'gh pr comment "$PR" --body-file dlan-diff.md --edit-last || gh pr comment "$PR" --body-file dlan-diff.md',
    ]
    : [
      'node -e \'process.stdout.write(JSON.stringify({ body: require("fs").readFileSync("dlan-diff.md", "utf8") }))\' > comment.json',
      'curl --fail --silent --show-error -X POST -H "Authorization: token $TOKEN" -H "Content-Type: application/json" \\',
      '  --data @comment.json "$SERVER/api/v1/repos/$REPO/issues/$PR/comments"',
    ];
  const runsOn = forge === 'github' ? 'ubuntu-latest' : 'docker';
  const container = forge === 'forgejo' ? '\n    container:\n      image: node:20-bookworm' : '';
  const node = forge === 'github' ? `
      - uses: actions/setup-node@v4
        with:
          node-version: 20` : '';
  const commentEnv = forge === 'github'
    ? `          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}`
    : `          TOKEN: \${{ secrets.GITHUB_TOKEN }}
          SERVER: \${{ github.server_url }}
          REPO: \${{ github.repository }}
          PR: \${{ github.event.pull_request.number }}`;
  return `# dlan: validate the topology and post \`dlan diff\` on every pull request (written by \`dlan init\`).
# Exit codes of dlan diff: 0 no change, 2 changes, 1 error, 3 a pair of LANs loses reachability.
name: dlan
on:
  pull_request:
${forge === 'github' ? `permissions:
  contents: read
  pull-requests: write
` : ''}env:
  DLAN_PACKAGE: ${JSON.stringify(o.package)}
jobs:
  diff:
    runs-on: ${runsOn}${container}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0            # dlan diff reads both commits from the history${node}
      - name: install dlan
        run: npm install --global "$DLAN_PACKAGE"
      - name: dlan validate
        run: |
${indent(validateLines, 10)}
      - name: dlan diff
        id: diff
        env:
          BASE: \${{ github.event.pull_request.base.sha }}
          HEAD: \${{ github.event.pull_request.head.sha }}
        run: |
${indent([...diffLines('$BASE', '$HEAD'), 'echo "status=$status" >> "$GITHUB_OUTPUT"', 'test "$status" -ne 1'], 10)}
      - name: comment
        env:
${commentEnv}
        run: |
${indent(post, 10)}
      - name: reachability
        if: steps.diff.outputs.status == '3'
        run: |
          echo "a pair of LANs reachable at the base is not at the head (see the comment)"
          exit 1
`;
}

function gitlab(o: Required<CiOptions>): string {
  return `# dlan: validate the topology and post \`dlan diff\` on every merge request (written by \`dlan init\`).
# Needs a CI/CD variable DLAN_GITLAB_TOKEN: a project access token with the api scope (the job
# token cannot write notes). Exit codes of dlan diff: 0 no change, 2 changes, 1 error, 3 a pair
# of LANs loses reachability.
dlan:
  image: node:20-bookworm
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    GIT_DEPTH: 0                  # dlan diff reads both commits from the history
    DLAN_PACKAGE: ${JSON.stringify(o.package)}
  script:
    - npm install --global "$DLAN_PACKAGE"
${validateLines.map((l) => `    - ${l}`).join('\n')}
    - |
${indent([
    ...diffLines('$CI_MERGE_REQUEST_DIFF_BASE_SHA', '$CI_COMMIT_SHA'),
    'node -e \'process.stdout.write(JSON.stringify({ body: require("fs").readFileSync("dlan-diff.md", "utf8") }))\' > comment.json',
    'curl --fail --silent --show-error -X POST -H "PRIVATE-TOKEN: $DLAN_GITLAB_TOKEN" -H "Content-Type: application/json" \\',
    '  --data @comment.json "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"',
    'test "$status" -ne 1 && test "$status" -ne 3',
  ], 6)}
`;
}

/** Repo path → content. */
export function ciFiles(o: CiOptions = {}): Record<string, string> {
  const opts = { package: o.package ?? defaultPackage };
  const forgejo = actions(opts, 'forgejo');
  return {
    '.github/workflows/dlan.yml': actions(opts, 'github'),
    '.forgejo/workflows/dlan.yml': forgejo,
    '.gitea/workflows/dlan.yml': forgejo,
    '.gitlab-ci.yml': gitlab(opts),
  };
}
