// Every 10 minutes: replied tickets left unrated for 7 days close with a defaulted rating (基本满意). The
// rule and its once-only guarantee live in RatingsService.closeUnrated; after downtime the first run closes
// everything that came due meanwhile.
import type { JobDeps } from './job.ts';

export const name = 'auto-close';
export const schedule = '*/10 * * * *';

export function run({ services, now }: JobDeps) {
  return services.ratings.closeUnrated(now);
}
