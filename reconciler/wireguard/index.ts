export { chooseWireguard, usableWireguard, type WireguardChoice, type WireguardImplementation, type WireguardProbe, type WireguardSetting } from './choice.js';
export { detectWireguard, probeWireguard, PROBE_IFNAME } from './detect.js';
