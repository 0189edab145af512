/**
 * Node flags the agent runs with (systemd unit via NODE_OPTIONS, the lab on the command line):
 * a 1 MiB young generation, a few more scavenges per reconcile instead of ~10 MB of nursery.
 * Not `--jitless` or `--lite-mode`, which would save ~15 MB more: they disable WebAssembly, and
 * node's fetch (undici, used for commit statuses) parses HTTP with llhttp compiled to WebAssembly
 * (`ReferenceError: WebAssembly is not defined` at the first status post, seen in the lab).
 * bench/reconcile.ts prints the memory and the CPU per tick with and without these flags.
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
