// A whole year's schedule as the State Council's notice gives it: the holidays (放假, as dates or ranges) and the
// make-up working days (调休上班). The shape is checked here; the rules that need the year in calendar-year.ts.
import { z } from 'zod';

const date = z.iso.date('field.date');
const span = z.union(
  [date, z.strictObject({ from: date, to: date.optional(), name: z.string().trim().max(50).optional() })],
  { error: 'calendar.dateOrRange' },
);

export const yearScheduleSchema = z.strictObject({
  holidays: z.array(span).min(1, 'calendar.oneHoliday').max(60),
  workdays: z.array(span).max(30).default([]),
});
export type YearScheduleInput = z.infer<typeof yearScheduleSchema>;
export type Span = z.infer<typeof span>;

export const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
