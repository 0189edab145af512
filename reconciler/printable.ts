/**
 * Text from a commit or a server shown in a message, a log line or a status: control characters
 * escaped (`\x1b`), so it cannot move a terminal's cursor or forge log lines, and cut to a length
 * a person reads. Pure.
 */
export function printable(s: string, max = 80): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
