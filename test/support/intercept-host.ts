/**
 * A real host that records every command it runs and lets a test stand in for the few commands
 * this machine cannot run for real (kernel WireGuard: the module is not in this kernel).
 */
import type { Host, RunOptions, RunResult } from '../../reconciler/host.js';

export type Stand = (cmd: string, args: readonly string[]) => Promise<RunResult | undefined> | RunResult | undefined;

export function interceptHost(real: Host, stand: Stand = () => undefined): Host & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    ...real,
    calls,
    async run(cmd: string, args: readonly string[], opts?: RunOptions): Promise<RunResult> {
      calls.push([cmd, ...args].join(' '));
      const r = await stand(cmd, args);
      if (r === undefined) return real.run(cmd, args, opts);
      if (opts?.check && r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
      return r;
    },
  };
}
