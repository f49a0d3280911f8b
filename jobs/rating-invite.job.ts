// Hourly, at a quarter past: residents whose reply has gone unrated for RATING_INVITE_DAYS are invited once by text
// (sms/rating-invitations.ts). Each invitation goes once per assignment whatever runs it; the run at start
// catches up what came due while no instance was running. Quiet hours hold a text queued at night till morning.
import type { JobDeps } from './job.ts';

export const name = 'rating-invite';
export const schedule = '15 * * * *';

export function run({ services, now, signal }: JobDeps) {
  return services.ratingInvitations.send(now, signal);
}
