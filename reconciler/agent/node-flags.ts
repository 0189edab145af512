/**
 * Node flags the agent runs with (systemd unit via NODE_OPTIONS, the lab on the command line):
 * a 1 MiB young generation (a few more scavenges per reconcile instead of ~10 MB of nursery) and
 * no JIT (the agent's work is I/O bound: a no-op tick is mostly waiting on `ip`, `wg` and one
 * HTTP request; compiled code would cost more memory than it saves CPU). bench/reconcile.ts
 * prints the memory and the CPU per tick with and without them.
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--jitless'];
