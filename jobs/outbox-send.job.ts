// Every 10 seconds: send the outbox (retries wait for their backoff; claims keep two senders apart).
import type { JobDeps } from './job.ts';

export const name = 'outbox-send';
export const schedule = '*/10 * * * * *';
export const holdMs = 5_000;

export function run({ services, signal }: JobDeps) {
  return services.outbox.sendDue({ signal });
}
