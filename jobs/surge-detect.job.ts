// Surges (突增预警, docs/rules/hot-spots.md): every 10 minutes the detector scans every day since the last finalized
// one, today included, so a surge is found the same day and the days missed while no instance ran are caught up.
import type { JobDeps } from './job.ts';

export const name = 'surge-detect';
export const schedule = '*/10 * * * *';
// A run over a big city's day takes seconds; the lease keeps a slower instance's same tick from running it again.
export const holdMs = 60_000;

export function run({ services, now, signal }: JobDeps) {
  return services.surges.run(now, signal);
}
