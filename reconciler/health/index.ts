export * from './types.js';
export { summarizeHealth } from './summarize.js';
export { healthExpectations } from './expect.js';
export { observeHealth, type ObserveHealthOptions } from './observe.js';
