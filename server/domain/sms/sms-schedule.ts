// When a text may go (docs/rules/messages.md "Quiet hours"): not in the night's quiet hours unless urgent. The hours
// are local (Asia/Shanghai by default), HH:MM to HH:MM, spanning midnight when the start is after the end.
import type { Config } from '../../../config/default.ts';

export type SmsTiming = Pick<Config['sms'], 'quietStart' | 'quietEnd' | 'timeZone'>;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last minute asked, per time zone: the sender asks once a text, and formatting a date costs more than it. */
const lastMinute = new Map<string, { minute: number; local: number }>();

/** Minutes since local midnight in the time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.minute === minute) return last.local;
  const local = formatMinutes(at, timeZone);
  lastMinute.set(timeZone, { minute, local });
  return local;
}

function formatMinutes(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

export function inQuietHours(at: Date, t: SmsTiming): boolean {
  const start = minutesOf(t.quietStart);
  const end = minutesOf(t.quietEnd);
  if (start === end) return false;
  const now = localMinutes(at, t.timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The end of the quiet hours `at` falls in, or null when it is not in them. */
export function quietHoursEnd(at: Date, t: SmsTiming): Date | null {
  if (!inQuietHours(at, t)) return null;
  const wait = (minutesOf(t.quietEnd) - localMinutes(at, t.timeZone) + 1440) % 1440;
  const minute = Math.floor(at.getTime() / 60_000) * 60_000;
  return new Date(minute + wait * 60_000);
}

/** The first moment a text may go: now, or for a text that is not urgent the end of the quiet hours now is in. */
export function sendableAt(now: Date, urgent: boolean, t: SmsTiming): Date {
  return urgent ? now : (quietHoursEnd(now, t) ?? now);
}
