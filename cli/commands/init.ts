import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import networkSchema from '../../schema/network.schema.json' with { type: 'json' };
import routerSchema from '../../schema/router.schema.json' with { type: 'json' };
import serviceSchema from '../../schema/service.schema.json' with { type: 'json' };
import { ciFiles, defaultPackage } from '../ci-files.js';
import { type Command, flag, jsonOption, printJson, str, UsageError } from '../command.js';
import { wireguardKeyPair } from './keygen.js';

/** The files of a new topology repo: one network, one router, no service yet. */
export function scaffold(name: string, routerPublicKey: string): Record<string, string> {
  return {
    'network.yaml': `# yaml-language-server: $schema=.dlan/schema/network.schema.json
name: ${name}
domain: lan                      # router r1 answers for r1.lan
overlay:                         # dlan derives every tunnel address from router ids in these
  ipv4: 10.255.0.0/16
  ipv6: fd64:6c61:6e::/48
sites:
  home:
    description: Home
    nat: true                    # the ISP box does NAT
`,
    'routers/r1.yaml': `# yaml-language-server: $schema=../.dlan/schema/router.schema.json
id: 1                            # never change or reuse an id
site: home
# Replace with the key \`dlan keygen\` prints on the router itself.
publicKey: ${routerPublicKey}
# endpoint: 203.0.113.10:51820   # if other routers can reach this one from the internet
wan: { interface: eth0 }
lan:
  interface: eth1
  ipv4: 10.1.0.0/24
  ipv6: fd00:1::/64
  hosts:
    - { name: nas, mac: "02:00:00:00:00:01", ipv4: 10.1.0.10 }
`,
    'services/.gitkeep': '',
    '.dlan/schema/network.schema.json': `${JSON.stringify(networkSchema, null, 2)}\n`,
    '.dlan/schema/router.schema.json': `${JSON.stringify(routerSchema, null, 2)}\n`,
    '.dlan/schema/service.schema.json': `${JSON.stringify(serviceSchema, null, 2)}\n`,
    'README.md': `# ${name}: a dlan network

- \`network.yaml\`: settings shared by all routers.
- \`routers/<name>.yaml\`: one file per router.
- \`services/<name>.yaml\`: port forwards from the internet to services inside.

Check changes with \`dlan validate\`; every commit must be signed (see dlan's docs/signing.md).
Review a change with \`dlan diff main...HEAD\`: what it does to every router and to the network.
The CI files (.github/, .forgejo/, .gitea/, .gitlab-ci.yml) post that diff on every pull request;
keep the one for your forge (see dlan's docs/guide.md, "Review changes in pull requests").
`,
  };
}

/** Whether a path exists (any other error than "absent" is one). */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export const init: Command = {
  name: 'init',
  summary: 'Start a new topology repo in DIR (which must be empty or absent), with one router to copy from.',
  args: 'DIR',
  details: [
    'Besides the topology, writes CI that runs `dlan validate` and `dlan diff` on every pull request and posts the diff as',
    'a comment: .github/workflows/dlan.yml, .forgejo/workflows/dlan.yml, .gitea/workflows/dlan.yml and .gitlab-ci.yml.',
    'With --ci, writes only those into an existing repo (never overwriting a file).',
  ].join('\n'),
  options: {
    name: { type: 'string', value: 'NAME', description: 'Network name.', default: 'home' },
    ci: { type: 'boolean', description: 'Only add the CI files to an existing topology repo.' },
    package: { type: 'string', value: 'SPEC', description: 'What the CI installs with npm install --global (a name, git URL or tarball URL).', default: defaultPackage },
    json: jsonOption,
  },
  async run(args, io) {
    const target = args.positionals[0];
    if (!target) throw new UsageError('DIR is required');
    const dir = resolve(io.cwd, target);
    const ci = ciFiles({ package: str(args, 'package') ?? defaultPackage });
    let files: Record<string, string>;
    if (flag(args, 'ci')) {
      const taken: string[] = [];
      for (const path of Object.keys(ci)) if (await exists(join(dir, path))) taken.push(path);
      if (taken.length) throw new UsageError(`${dir} already has ${taken.join(', ')}; remove them first to have them rewritten`);
      files = ci;
    } else {
      const existing = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return [];
        throw e;
      });
      if (existing.length > 0) throw new UsageError(`${dir} is not empty (--ci adds only the CI files to an existing repo)`);
      files = { ...scaffold(str(args, 'name') ?? 'home', wireguardKeyPair().publicKey), ...ci };
    }
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    if (flag(args, 'json')) printJson(io, { dir, files: Object.keys(files) });
    else io.stdout(`created ${dir}: ${Object.keys(files).filter((f) => !f.startsWith('.')).join(', ')}\nnext: dlan validate ${target}\n`);
    return 0;
  },
};
