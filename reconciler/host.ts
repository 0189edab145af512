/**
 * The Host: every effect the reconciler has on a router's files and commands goes through it.
 *
 * Paths are logical (absolute as on the router: `/etc/frr/frr.conf`); a host maps them under its
 * root directory (`/` on a real router, a temp dir in tests). Commands run with the real
 * filesystem of the host (or of the node's mount namespace for `netnsHost`), so a daemon given a
 * path must be given `host.realPath(path)`.
 */
export type { HostErrorCode, HostErrorData } from './host/errors.js';
export { HostError } from './host/errors.js';
export { localHost, type LocalHostOptions } from './host/local.js';
export { netnsHost, type NetnsHostOptions } from './host/netns.js';
export type { FileStat, Host, RunOptions, RunResult } from './host/types.js';
