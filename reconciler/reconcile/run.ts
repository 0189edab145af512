/**
 * The small driver under `reconcileOnce`: each step runs through `Run.step`, which records the
 * step's condition (Succeeded with the step's message, or the error's code and message) and
 * hands the step's typed result to the next one. The first failure stops the run (`StepFailed`
 * carries it to the driver); `outcome` derives Ready — source-controller's reconcilers with
 * their deferred summarize, written as plain sequential code so each step's input is typed.
 */
import { type Condition, failed, readyCondition, setCondition, type StepCondition, succeeded } from '../conditions.js';

/** What a step returns: its result for the next steps and its condition's message. */
export interface Done<T> {
  readonly value: T;
  readonly message: string;
}

export const done = <T>(value: T, message: string): Done<T> => ({ value, message });

/** The steps, in order, with the condition each sets. */
export const STEPS = {
  fetchSource: 'Fetched', verifyTip: 'Verified', loadTopology: 'Valid', renderSlice: 'Rendered', observeLive: 'Observed',
  makePlan: 'Planned', checkConfigs: 'Checked', applyPlan: 'Applied', checkHealth: 'Healthy',
} as const satisfies Record<string, StepCondition>;
export type StepName = keyof typeof STEPS;

export interface Outcome {
  readonly ok: boolean;
  /** How long each step that ran took, in ms, in order (the log line and `dlan events` show them). */
  readonly stepMs: Readonly<Partial<Record<StepName, number>>>;
  readonly conditions: readonly Condition[];
  readonly ready: Condition;
  readonly error?: unknown;
  /** The step that failed, if any. */
  readonly failedStep?: StepName;
}

/** Thrown by `Run.step` when a step failed: its condition is recorded, the run stops. */
export class StepFailed {
  constructor(readonly step: StepName, readonly error: unknown) {}
}

export class Run {
  private list: Condition[] = [];
  private ms: Partial<Record<StepName, number>> = {};

  /** `clock` in ms, monotonic (performance.now outside tests). */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  async step<T>(name: StepName, run: () => Promise<Done<T>>): Promise<T> {
    let r: Done<T>;
    const t0 = this.clock();
    try {
      r = await run();
    } catch (e) {
      this.ms[name] = Math.round(this.clock() - t0);
      this.list = setCondition(this.list, failed(STEPS[name], e));
      throw new StepFailed(name, e);
    }
    this.ms[name] = Math.round(this.clock() - t0);
    this.list = setCondition(this.list, succeeded(STEPS[name], r.message));
    return r.value;
  }

  get conditions(): readonly Condition[] {
    return this.list;
  }

  /** Ready from the conditions so far; `failure` is the step that stopped the run, if one did. */
  outcome(failure?: StepFailed): Outcome {
    const ready = readyCondition(this.list);
    const stepMs = { ...this.ms };
    return failure
      ? { ok: false, conditions: this.list, ready, stepMs, error: failure.error, failedStep: failure.step }
      : { ok: true, conditions: this.list, ready, stepMs };
  }
}
