export { reconcileOnce } from './reconcile-once.js';
export type { ReconcileOptions, ReconcileResult } from './result.js';
export type { Outcome, StepName } from './run.js';
