// A year's schedule checked against its year and turned into days: every holiday a day off, every make-up day a
// working day. Each problem is reported with its place in the request, so the page shows it beside its line.
import { detail, errors, type ErrorDetail } from '../../lib/errors.ts';
import { nextDate } from '../../lib/calendar.ts';
import type { CalendarOverride } from './calendar.repository.ts';
import type { Span, YearScheduleInput } from './calendar.schemas.ts';
import { render } from '../../i18n/index.ts';

/** A holiday longer than this is a typing mistake (the longest, Spring Festival, is 8 or 9 days). */
const MAX_SPAN_DAYS = 31;

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function expand(
  year: number,
  spans: Span[],
  path: string,
  problems: ErrorDetail[],
): Array<{ date: string; name: string | null }> {
  const out: Array<{ date: string; name: string | null }> = [];
  spans.forEach((s, i) => {
    const { from, to, name } =
      typeof s === 'string' ? { from: s, to: s, name: undefined } : { ...s, to: s.to ?? s.from };
    const at = `${path}.${i}`;
    if (!from.startsWith(`${year}-`) || !to.startsWith(`${year}-`)) {
      problems.push(detail(at, 'calendar.outsideYear', { year }));
      return;
    }
    if (to < from) {
      problems.push(detail(at, 'calendar.rangeReversed'));
      return;
    }
    const days: string[] = [];
    for (let d = from; d <= to && days.length <= MAX_SPAN_DAYS; d = nextDate(d)) days.push(d);
    if (days.length > MAX_SPAN_DAYS) {
      problems.push(detail(at, 'calendar.rangeTooLong', { days: MAX_SPAN_DAYS }));
      return;
    }
    for (const d of days) out.push({ date: d, name: name ?? null });
  });
  return out;
}

/** The days to store for a year, or a 400 naming every problem. */
export function yearDays(year: number, input: YearScheduleInput): CalendarOverride[] {
  const problems: ErrorDetail[] = [];
  const holidays = expand(year, input.holidays, 'holidays', problems);
  const workdays = expand(year, input.workdays, 'workdays', problems);
  const off = new Set(holidays.map((h) => h.date));
  input.workdays.forEach((_, i) => {
    for (const w of expand(year, [input.workdays[i]], `workdays.${i}`, [])) {
      if (off.has(w.date)) problems.push(detail(`workdays.${i}`, 'calendar.workdayIsHoliday', { date: w.date }));
      // A make-up working day (调休上班) replaces a weekend day; on a weekday it would change nothing.
      else if (![0, 6].includes(weekday(w.date)))
        problems.push(detail(`workdays.${i}`, 'calendar.workdayNotWeekend', { date: w.date }));
    }
  });
  if (problems.length) throw errors.validation(problems, 'calendar.scheduleInvalid', { year });
  const days = new Map<string, CalendarOverride>();
  for (const h of holidays)
    days.set(h.date, { date: h.date, workday: false, note: h.name ?? days.get(h.date)?.note ?? null });
  for (const w of workdays) {
    const note = w.name
      ? render('calendar.makeupWorkdayOf', { name: w.name }, 'zh')
      : render('calendar.makeupWorkday', {}, 'zh');
    days.set(w.date, { date: w.date, workday: true, note });
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}
