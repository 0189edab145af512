/**
 * A reconcile is an ordered list of named steps run by this small driver, which records each
 * step's condition and, in a `finally`, hands the outcome to `finish` (state file, commit status)
 * — source-controller's reconcilers-slice with its deferred summarize-and-patch.
 * A step may end the reconcile early and successfully (`done`, e.g. nothing changed upstream).
 */
import { type Condition, readyCondition, setCondition } from './conditions.js';
import { isDlanError } from './errors.js';

export interface StepResult {
  /** Condition message when the step succeeded. */
  readonly message: string;
  /** Stop here, successfully: later steps have nothing to do. */
  readonly done?: boolean;
}

export interface Step<C> {
  readonly name: string;
  /** The condition type this step sets, e.g. `Verified`. */
  readonly condition: string;
  run(ctx: C): Promise<StepResult>;
}

export interface Outcome {
  readonly ok: boolean;
  readonly conditions: readonly Condition[];
  readonly ready: Condition;
  readonly error?: unknown;
  /** The step that failed, if any. */
  readonly failedStep?: string;
}

export async function runSteps<C>(steps: readonly Step<C>[], ctx: C, finish: (o: Outcome, ctx: C) => Promise<void>): Promise<Outcome> {
  let conditions: Condition[] = [];
  let outcome: Outcome | undefined;
  try {
    for (const step of steps) {
      try {
        const r = await step.run(ctx);
        conditions = setCondition(conditions, { type: step.condition, status: true, reason: 'Succeeded', message: r.message });
        if (r.done) break;
      } catch (e) {
        const reason = isDlanError(e) ? e.code : ((e as { code?: string }).code ?? 'InternalError');
        conditions = setCondition(conditions, { type: step.condition, status: false, reason: String(reason), message: (e as Error).message });
        outcome = { ok: false, conditions, ready: readyCondition(conditions), error: e, failedStep: step.name };
        return outcome;
      }
    }
    outcome = { ok: true, conditions, ready: readyCondition(conditions) };
    return outcome;
  } finally {
    await finish(outcome ?? { ok: false, conditions, ready: readyCondition(conditions) }, ctx);
  }
}
