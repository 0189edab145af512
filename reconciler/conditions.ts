/**
 * Conditions record what each reconcile step found (Flux's metav1.Condition): a type, whether it
 * holds, a CamelCase reason and a message for people. `Ready` is derived, never set by hand.
 */
import { asDlanError, type ErrorCode } from '../model/errors.js';

/** One per reconcile step, in the order the steps run; then Ready. */
export const STEP_CONDITIONS = ['Fetched', 'Verified', 'Valid', 'Rendered', 'Observed', 'Planned', 'Checked', 'Applied', 'Healthy'] as const;
export type StepCondition = (typeof STEP_CONDITIONS)[number];
export type ConditionType = StepCondition | 'Ready';

/**
 * Why a condition holds (`Succeeded`) or not: the code of the error that ended the step (every
 * code is declared in model/errors.ts; an error outside the scheme is `Unclassified`).
 */
export type ConditionReason = 'Succeeded' | ErrorCode;

export interface Condition {
  readonly type: ConditionType;
  readonly status: boolean;
  readonly reason: ConditionReason;
  readonly message: string;
}

export const succeeded = (type: ConditionType, message: string): Condition => ({ type, status: true, reason: 'Succeeded', message });

/** The condition a step's error sets: its code as the reason, its message. */
export function failed(type: ConditionType, error: unknown): Condition {
  const e = asDlanError(error);
  return { type, status: false, reason: e.code, message: e.message };
}

export function setCondition(list: readonly Condition[], c: Condition): Condition[] {
  return [...list.filter((x) => x.type !== c.type), c];
}

/** Ready holds when every step's condition holds; otherwise it carries the first failure. */
export function readyCondition(list: readonly Condition[]): Condition {
  const failure = list.find((c) => !c.status);
  if (failure) return { type: 'Ready', status: false, reason: failure.reason, message: failure.message };
  return succeeded('Ready', list.at(-1)?.message ?? 'reconciled');
}
