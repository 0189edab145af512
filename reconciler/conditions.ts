/**
 * Conditions record what each reconcile step found (Flux's metav1.Condition): a type, whether it
 * holds, a CamelCase reason and a message for people. `Ready` is derived, never set by hand.
 */
export interface Condition {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

export function setCondition(list: readonly Condition[], c: Condition): Condition[] {
  return [...list.filter((x) => x.type !== c.type), c];
}

/** Ready holds when every step's condition holds; otherwise it carries the first failure. */
export function readyCondition(list: readonly Condition[]): Condition {
  const failed = list.find((c) => !c.status);
  if (failed) return { type: 'Ready', status: false, reason: failed.reason, message: failed.message };
  return { type: 'Ready', status: true, reason: 'Succeeded', message: list.at(-1)?.message ?? 'reconciled' };
}
