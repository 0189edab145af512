/**
 * The clock must not be before dlan's build or the commit it runs: signatures and OpenPGP keys
 * carry creation times, and a key created "in the future" is not valid yet, so a router whose
 * clock went back (no RTC, no NTP yet) refuses every commit.
 */
import { error, type Finding, ok } from '../finding.js';
import type { DoctorSystem } from '../system.js';
import type { DoctorTarget } from '../target.js';

export function checkClock(sys: DoctorSystem, t: DoctorTarget): Finding[] {
  const behind = t.notBefore.filter((n) => sys.now.getTime() < n.at.getTime());
  const now = sys.now.toISOString();
  if (behind.length === 0) return [ok('clock', `${now}${t.notBefore.length ? `, after ${t.notBefore.map((n) => n.what).join(' and ')}` : ''}`)];
  return [error('clock', `the clock (${now}) is before ${behind.map((n) => `${n.what} (${n.at.toISOString()})`).join(' and ')}: signatures would look not yet valid`,
    'timedatectl set-ntp true (systemd-timesyncd), or set the time: date -s ...; then check timedatectl status')];
}
