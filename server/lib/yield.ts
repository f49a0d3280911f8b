// A job's loop lets the requests waiting meanwhile run between its items. On SQLite every statement completes
// synchronously, so a loop of awaited statements resumes in microtasks and never gives the event loop back: a run
// of the SMS sender through a backlog of 1,000 texts held every request and the group commit for 7 seconds.
import { setImmediate } from 'node:timers/promises';

/** Resolves after the I/O and timers that are waiting now (a turn of the event loop; microseconds when idle). */
export const yieldToRequests = (): Promise<void> => setImmediate();
