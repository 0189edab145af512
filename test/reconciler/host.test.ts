import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHost, type Host } from '../../reconciler/host.js';
import { rejects } from '../support/host-errors.js';


const files = suite<{ dir: string; host: Host }>('localHost files');
files.before.each(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'dlx-host-'));
  ctx.host = localHost({ rootDir: ctx.dir });
});
files.after.each(async (ctx) => { await rm(ctx.dir, { recursive: true, force: true }); });

files('logical paths land under the root, and .. cannot climb out of it', async ({ dir, host }) => {
  assert.is(host.realPath('/etc/frr/frr.conf'), join(dir, 'etc/frr/frr.conf'));
  assert.is(host.realPath('/../../etc/passwd'), join(dir, 'etc/passwd'));
  assert.is(localHost().realPath('/etc/x'), '/etc/x');
  await rejects(host.readFile('etc/x'), 'PathNotAbsolute');
});
files('an absent file reads as undefined; a directory is an error, not absent', async ({ dir, host }) => {
  assert.is(await host.readFile('/etc/nothing'), undefined);
  assert.is(await host.stat('/etc/nothing'), undefined);
  await mkdir(join(dir, 'etc/frr'), { recursive: true });
  const e = await rejects(host.readFile('/etc/frr'), 'FileReadFailed');
  assert.is(e.data.errno, 'EISDIR');
  assert.is(e.kind, 'Stalled', 'the path is wrong for a file: retrying as is cannot help');
});
files('writeFileAtomic creates parents, sets the exact mode despite the umask, leaves no temp file', async ({ dir, host }) => {
  await host.writeFileAtomic('/etc/wireguard/wg.conf', 'secret-free\n', 0o600);
  await host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', 'a\n', 0o664);
  assert.is(await readFile(join(dir, 'etc/wireguard/wg.conf'), 'utf8'), 'secret-free\n');
  assert.is((await stat(join(dir, 'etc/wireguard/wg.conf'))).mode & 0o7777, 0o600);
  assert.equal(await host.stat('/etc/dnsmasq.d/dlan.conf'), { mode: 0o664, size: 2 });
  await host.writeFileAtomic('/etc/dnsmasq.d/dlan.conf', 'b\n', 0o644);
  assert.is(await host.readFile('/etc/dnsmasq.d/dlan.conf'), 'b\n');
  assert.is((await host.stat('/etc/dnsmasq.d/dlan.conf'))!.mode, 0o644);
  assert.equal(await readdir(join(dir, 'etc/dnsmasq.d')), ['dlan.conf']);
});
files('a reader racing writeFileAtomic sees the old or the new file, never a mix', async ({ dir, host }) => {
  const a = 'a'.repeat(256 * 1024);
  const b = 'b'.repeat(256 * 1024);
  await host.writeFileAtomic('/f', a, 0o644);
  let writing = true;
  const writer = (async () => {
    for (let i = 0; i < 40; i++) await host.writeFileAtomic('/f', i % 2 ? a : b, 0o644);
    writing = false;
  })();
  let reads = 0;
  while (writing) {
    const t = await readFile(join(dir, 'f'), 'utf8');
    assert.ok(t === a || t === b, `torn read of ${t.length} bytes`);
    reads++;
  }
  await writer;
  assert.ok(reads > 0);
});
files('removeFile says whether there was a file', async ({ host }) => {
  await host.writeFileAtomic('/etc/x', 'x', 0o644);
  assert.is(await host.removeFile('/etc/x'), true);
  assert.is(await host.removeFile('/etc/x'), false);
  assert.is(await host.readFile('/etc/x'), undefined);
});
files.run();

const run = suite('localHost run');
run('returns code, stdout and stderr; stdin and env reach the command; LC_ALL is C', async () => {
  const host = localHost();
  const r = await host.run('sh', ['-c', 'cat; echo "$FOO $LC_ALL" >&2; exit 3'], { stdin: 'in', env: { FOO: 'bar' } });
  assert.equal(r, { code: 3, stdout: 'in', stderr: 'bar C\n' });
});
run('check turns a non-zero exit into CommandFailed carrying cmd, args and stderr', async () => {
  const e = await rejects(localHost().run('sh', ['-c', 'echo boom >&2; exit 2'], { check: true }), 'CommandFailed');
  assert.is(e.data.cmd, 'sh');
  assert.is(e.data.exitCode, 2);
  assert.is(e.data.stderr, 'boom');
  assert.match(e.message, 'exit code 2: boom');
});
run('a missing executable is CommandNotFound (Stalled: nothing to retry until installed)', async () => {
  const e = await rejects(localHost().run('dlx-no-such-command', []), 'CommandNotFound');
  assert.is(e.kind, 'Stalled');
  assert.is((await rejects(localHost().run('false', [], { check: true }), 'CommandFailed')).kind, 'Transient');
});
run('a command past its deadline is killed and reported as CommandTimedOut', async () => {
  // sleep ending by itself would resolve with code 0: the rejection is the deadline's.
  const e = await rejects(localHost().run('sleep', ['30'], { timeoutMs: 200 }), 'CommandTimedOut');
  assert.match(e.message, 'no exit after 200 ms');
});
run('a daemon that keeps our pipes open does not make run hang', async () => {
  const r = await localHost().run('sh', ['-c', 'sleep 30 & echo $!']);
  const pid = Number(r.stdout.trim());
  try {
    assert.is(r.code, 0);
    // run returned while the daemon, holding the pipes, still lives: it did not wait for them to close.
    assert.ok(process.kill(pid, 0), 'the background sleep is still running');
  } finally {
    process.kill(pid, 'SIGKILL');
  }
});
run.run();
