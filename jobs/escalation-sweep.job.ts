// Every minute: yellow and red cards, automatic supervision orders and escalation mails for whatever came due
// (EscalationService.sweep reads only tickets whose next_escalation_at has passed, so after downtime the first
// run catches up on everything at once).
import type { JobDeps } from './job.ts';

export const name = 'escalation-sweep';
export const schedule = '* * * * *';

export function run({ services, signal, now }: JobDeps) {
  return services.escalations.sweep({ now, signal });
}
