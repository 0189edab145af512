/** Helpers to assemble config files line by line. Every file ends with exactly one newline. */

export type Part = string | readonly Part[] | false | undefined | null;

/** Flattens parts into lines, dropping false/undefined/null (so conditionals read inline). */
export function lines(...parts: Part[]): string {
  const out: string[] = [];
  const walk = (p: Part): void => {
    if (p === false || p === undefined || p === null) return;
    if (typeof p === 'string') out.push(p);
    else for (const q of p) walk(q);
  };
  walk(parts);
  return `${out.join('\n')}\n`;
}

/** The first lines of every rendered file: what it is and that it is generated. */
export function banner(comment: string, what: string, router: string): string[] {
  return [
    `${comment} ${what} for router ${router}, rendered by dlan from the topology repo.`,
    `${comment} Do not edit: the next reconcile overwrites it. Change the topology repo instead.`,
  ];
}
