export type * from '../plan/live-state.js';
export { observeLive, observeRouter, observeWireguard, readFiles, readFrr } from './observe.js';
export { readKernel, type KernelFacts } from './kernel.js';
export { liveQuery, type QueryOptions } from './query.js';
export { parseIpAddrDetails, normalizeAddress, type ParsedLinks } from './parse-ip.js';
export { parseWgDump, type ParsedWgDump } from './parse-wg.js';
export { parseBfdPeers, parseOspf6Neighbors, parseOspfNeighbors } from './parse-frr.js';
