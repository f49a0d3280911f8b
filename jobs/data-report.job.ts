// The daily data report to the provincial data platform (docs/integration.md "Daily data reporting"). Every 10
// minutes the job asks whether the latest DATA_REPORT_AT (Beijing, 02:00 by default) has a recorded run; when not,
// it reports every finished day not reported yet, up to the day before that moment, oldest first, each once (the
// days themselves are recorded by DataReportService). A start after three days down reports the three days.
import type { Config } from '../config/default.ts';
import { localDate, nextDate } from '../server/lib/calendar.ts';
import type { JobDeps } from './job.ts';

export const name = 'data-report';
// Often enough to follow any DATA_REPORT_AT within 10 minutes; a tick whose period is done costs one query.
export const schedule = '*/10 * * * *';
export const holdMs = 60_000;

/** The day of the latest DATA_REPORT_AT (Beijing) at or before `now`: the days before it are due. */
export function period(now: Date, config?: Pick<Config, 'dataReport'>): string {
  const [h, m] = (config?.dataReport.at ?? '02:00').split(':').map(Number);
  return localDate(new Date(now.getTime() - (h * 60 + m) * 60_000));
}

export function run({ services, now, period: day, signal }: JobDeps) {
  const upTo = nextDate(day ?? period(now, services.config), -1);
  return services.dataReports.reportDue(upTo, signal);
}
