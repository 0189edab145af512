export { error, type Finding, hasError, ok, type Severity, warning } from './finding.js';
export { renderDoctor } from './render.js';
export { type DoctorReport, runDoctor } from './run.js';
export { type DoctorSystem, localSystem, which } from './system.js';
export { type DoctorTarget, neededPorts, type PortNeed } from './target.js';
