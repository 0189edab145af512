import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Host, RunOptions, RunResult } from '../../../reconciler/host.js';
import { parseSystemctlShow, ServiceError, systemdServices } from '../../../reconciler/services/index.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

/**
 * There is no systemd here, so `systemctl` is the one command this host answers itself, the way
 * systemd 252 (Debian 12) does: a unit state machine, `show` in Key=Value lines, a failing start
 * with systemd's message. Every other command goes to a real host (or is refused).
 */
function systemctlHost(real?: Host, failing: readonly string[] = []): Host & { calls: string[] } {
  const calls: string[] = [];
  const state = new Map<string, { active: boolean; pid: number }>();
  let nextPid = 812;
  const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
  const systemctl = (args: readonly string[]): RunResult => {
    const verb = args[0]!;
    const unit = args[args.length - 1]!;
    const s = state.get(unit) ?? { active: false, pid: 0 };
    const loaded = /^(nginx|dnsmasq|frr|dnsmasq@dlan|dlan-wireguard-go@wg-dlan)\.service$/.test(unit);
    if (verb === 'show') {
      return ok(`LoadState=${loaded ? 'loaded' : 'not-found'}\nActiveState=${s.active ? 'active' : 'inactive'}\nSubState=${s.active ? 'running' : 'dead'}\nMainPID=${s.active ? s.pid : 0}\n`);
    }
    if (!loaded) return { code: 5, stdout: '', stderr: `Failed to ${verb} ${unit}: Unit ${unit} not found.\n` };
    if (failing.includes(unit) && verb !== 'stop') {
      return { code: 1, stdout: '', stderr: `Job for ${unit} failed because the control process exited with error code.\nSee "systemctl status ${unit}" and "journalctl -xeu ${unit}" for details.\n` };
    }
    if (verb === 'stop') state.set(unit, { active: false, pid: 0 });
    else if (verb === 'start' || verb === 'reload-or-restart') state.set(unit, s.active ? s : { active: true, pid: nextPid++ });
    else if (verb === 'restart') state.set(unit, { active: true, pid: nextPid++ });
    else throw new Error(`unexpected systemctl ${verb}`);
    return ok();
  };
  const refuse = (): never => { throw new Error('systemd flavour touched a file'); };
  return {
    calls, describe: 'systemctl-only', realPath: (p) => p,
    readFile: refuse, stat: refuse, writeFileAtomic: refuse, removeFile: refuse,
    async run(cmd: string, args: readonly string[], opts?: RunOptions): Promise<RunResult> {
      calls.push([cmd, ...args].join(' '));
      if (cmd === 'systemctl') return systemctl(args);
      if (real) return real.run(cmd, args, opts);
      throw new Error(`unexpected command ${cmd}`);
    },
  };
}

const show = suite('parseSystemctlShow');
show('active and reloading are running, with MainPID; other states are not; the daemon sees the agent\'s files', () => {
  assert.equal(parseSystemctlShow('nginx', 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=812\n'),
    { name: 'nginx', running: true, pid: 812, detail: 'active/running', sameRoot: true });
  assert.is(parseSystemctlShow('frr', 'ActiveState=reloading\nSubState=reload\nMainPID=9\n').running, true);
  assert.equal(parseSystemctlShow('dnsmasq', 'LoadState=not-found\nActiveState=inactive\nSubState=dead\nMainPID=0\n'),
    { name: 'dnsmasq', running: false, detail: 'inactive/dead (not-found)', sameRoot: true });
  assert.is(parseSystemctlShow('nginx', 'ActiveState=failed\nSubState=failed\nMainPID=0\n').running, false);
});
show.run();

const sd = suite('systemdServices');
sd('runs systemctl on Debian\'s units with the least disruptive verb per daemon', async () => {
  const host = systemctlHost();
  const sm = systemdServices({ host });
  assert.is(sm.flavour, 'systemd');
  await sm.start('nginx');
  await sm.reload('nginx');
  await sm.reload('frr');
  await sm.reload('dnsmasq');
  await sm.restart('frr');
  await sm.stop('nginx');
  await sm.start('wireguard');
  await sm.reload('wireguard');
  assert.equal(host.calls, [
    'systemctl start nginx.service',
    'systemctl reload-or-restart nginx.service',
    'systemctl reload-or-restart frr.service',
    'systemctl restart dnsmasq.service',
    'systemctl restart frr.service',
    'systemctl stop nginx.service',
    'systemctl start dlan-wireguard-go@wg-dlan.service',
    'systemctl start dlan-wireguard-go@wg-dlan.service',
  ]);
});
sd('status comes from systemctl show and follows the unit', async () => {
  const host = systemctlHost();
  const sm = systemdServices({ host });
  assert.is(await sm.isRunning('frr'), false);
  await sm.start('frr');
  const s = await sm.status('frr');
  assert.equal(s, { name: 'frr', running: true, pid: 812, detail: 'active/running', sameRoot: true });
  assert.is(host.calls[0], 'systemctl show --property=LoadState,ActiveState,SubState,MainPID frr.service');
});
sd('a failing unit is a ServiceError with systemd\'s message and the command', async () => {
  const sm = systemdServices({ host: systemctlHost(undefined, ['nginx.service']) });
  try {
    await sm.reload('nginx');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ServiceError);
    assert.is((e as ServiceError).code, 'ReloadFailed');
    assert.is((e as ServiceError).data.cmd, 'systemctl reload-or-restart nginx.service');
    assert.match((e as ServiceError).message, 'Job for nginx.service failed');
  }
});
sd('unit names can be overridden', async () => {
  const host = systemctlHost();
  const sm = systemdServices({ host, units: { dnsmasq: 'dnsmasq@dlan.service' } });
  await sm.start('dnsmasq');
  assert.equal(host.calls, ['systemctl start dnsmasq@dlan.service']);
});
sd.run();

const kernel = suite<{ node: NodeNs }>('systemdServices with kernel WireGuard');
kernel.before(async (ctx) => { ctx.node = await makeNode(nodeName('dlx', 'k')); });
kernel.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });
kernel('no unit: start does nothing and running means the link exists (real ip)', async ({ node }) => {
  const host = systemctlHost(node.host);
  const sm = systemdServices({ host, wireguardUnit: null });
  await sm.start('wireguard');
  await sm.reload('wireguard');
  assert.is(await sm.isRunning('wireguard'), false);
  await node.host.run('ip', ['link', 'add', 'wg-dlan', 'type', 'bridge'], { check: true });
  assert.equal(await sm.status('wireguard'), { name: 'wireguard', running: true, detail: 'kernel link' });
  assert.equal(host.calls, ['ip link show dev wg-dlan', 'ip link show dev wg-dlan']);
});
kernel.run();
