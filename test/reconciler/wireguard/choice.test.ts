import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseWireguard, usableWireguard, type WireguardProbe } from '../../../reconciler/wireguard/index.js';
import { Stalled } from '../../../model/errors.js';

const noKernel: WireguardProbe = { kernel: false, kernelError: 'Error: Unknown device type.', moduleLoaded: false, wireguardGo: true };
const kernel: WireguardProbe = { kernel: true, moduleLoaded: true, wireguardGo: false };

const choose = suite('chooseWireguard');
choose('auto takes the kernel when it can make a WireGuard interface, wireguard-go or not', () => {
  assert.equal(chooseWireguard('auto', kernel), { setting: 'auto', implementation: 'kernel', reason: 'auto: the kernel has WireGuard' });
});
choose('auto falls back to wireguard-go when the kernel has no WireGuard, and says why', () => {
  const c = chooseWireguard('auto', noKernel);
  assert.is(c.implementation, 'userspace');
  assert.is(c.problem, undefined);
  assert.match(c.reason, 'Unknown device type');
});
choose('auto with neither is a problem naming both fixes', () => {
  const c = chooseWireguard('auto', { ...noKernel, wireguardGo: false });
  assert.is(c.problem?.code, 'WireguardGoMissing');
  assert.match(c.problem!.message, 'wireguard-go is not installed');
  assert.match(c.problem!.fix, 'apt install wireguard-go');
  assert.match(c.problem!.fix, 'kernel with WireGuard');
});
choose('auto does not hide a loaded module that refuses the interface (as wg-quick)', () => {
  const c = chooseWireguard('auto', { ...noKernel, moduleLoaded: true, kernelError: 'RTNETLINK answers: Operation not permitted' });
  assert.is(c.implementation, 'kernel');
  assert.is(c.problem?.code, 'KernelWireguardMissing');
});
choose('kernel without it is a problem that names the setting and the fix', () => {
  const c = chooseWireguard('kernel', noKernel);
  assert.is(c.problem?.code, 'KernelWireguardMissing');
  assert.match(c.problem!.message, 'agent.yaml says wireguard: kernel');
  assert.match(c.problem!.fix, 'set wireguard: userspace (or auto)');
});
choose('userspace is taken as asked, even where the kernel has WireGuard; without wireguard-go it is a problem', () => {
  assert.is(chooseWireguard('userspace', { ...kernel, wireguardGo: true }).implementation, 'userspace');
  assert.is(chooseWireguard('userspace', kernel).problem?.code, 'WireguardGoMissing');
});
choose.run();

const usable = suite('usableWireguard');
usable('a choice without problem gives its implementation; a problem is Stalled with its code', () => {
  assert.is(usableWireguard(chooseWireguard('auto', kernel)), 'kernel');
  try {
    usableWireguard(chooseWireguard('kernel', noKernel));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Stalled);
    assert.is((e as Stalled).code, 'KernelWireguardMissing');
    assert.match((e as Stalled).message, '. Fix: use a kernel with WireGuard');
  }
});
usable.run();
