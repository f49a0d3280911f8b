// The one clock of the service. Deadlines, escalation and month-end logic read time only from here,
// so tests move time forward instead of sleeping.
let offsetMs = 0;
let frozen: number | null = null;

export const clock = {
  now(): Date {
    return new Date(frozen ?? Date.now() + offsetMs);
  },
  /** Freeze time at a moment (tests, demo data). */
  set(at: Date | string): void {
    frozen = new Date(at).getTime();
  },
  /** Move the clock forward (or back) by ms; keeps it frozen if it was. */
  advance(ms: number): void {
    if (frozen !== null) frozen += ms;
    else offsetMs += ms;
  },
  reset(): void {
    frozen = null;
    offsetMs = 0;
  },
};
