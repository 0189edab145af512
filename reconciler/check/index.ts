export { checkDnsmasq } from './dnsmasq.js';
export { assertAccepted, type Checker, checkerFor, checkFiles } from './files.js';
export { checkFrr } from './frr.js';
export { checkNftables } from './nftables.js';
export { checkNginx } from './nginx.js';
export { accepted, CheckerUnavailable, type CheckResult, ConfigRejected } from './rejected.js';
export type { CheckOptions } from './run.js';
export { checkWireguard } from './wireguard.js';
export { isWireguardEndpoint, isWireguardKey, wireguardCheckNeeded } from './wireguard-same-shape.js';
