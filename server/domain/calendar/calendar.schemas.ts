// A whole year's schedule as the State Council's notice gives it: the holidays (放假, as dates or ranges) and the
// make-up working days (调休上班). The shape is checked here; the rules that need the year in calendar-year.ts.
import { z } from 'zod';

const date = z.iso.date('日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD');
const span = z.union([date, z.strictObject({ from: date, to: date.optional(), name: z.string().trim().max(50).optional() })],
  { error: '应为日期或 {from, to} / expected a date or {from, to}' });

export const yearScheduleSchema = z.strictObject({
  holidays: z.array(span).min(1, '至少录入一个放假日期 / at least one holiday').max(60),
  workdays: z.array(span).max(30).default([]),
});
export type YearScheduleInput = z.infer<typeof yearScheduleSchema>;
export type Span = z.infer<typeof span>;

export const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
