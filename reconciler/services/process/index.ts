export { processServices, type ProcessServicesOptions } from './manager.js';
export { enabledDaemons, watchedDaemons, FRR_DAEMONS } from './frr.js';
export { nginxPidDirective } from './nginx.js';
export { dnsmasqPidFile } from './dnsmasq.js';
