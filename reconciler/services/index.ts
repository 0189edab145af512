export * from './types.js';
export { localProcesses, type ProcessTable } from './procs.js';
export { processServices, type ProcessServicesOptions, enabledDaemons, watchedDaemons, FRR_DAEMONS, nginxPidDirective, dnsmasqPidFile } from './process/index.js';
export { systemdServices, parseSystemctlShow, type SystemdServicesOptions } from './systemd.js';
