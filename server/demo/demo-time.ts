// Seeded choices and past moments for the demo data set. Moments are counted back from the moment of loading,
// so a fresh database always looks like a live month; the fixed seed makes the same choices on every load.
import { dayStart, localDate, nextDate, type WorkCalendar } from '../lib/calendar.ts';

const MINUTE = 60_000;

/** mulberry32: tiny, fast, and the same sequence on every platform (Math.random cannot be seeded). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let r = this.next() * pairs.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    return pairs[pairs.length - 1][0];
  }
}

/** hh:mm local time (Asia/Shanghai) of a YYYY-MM-DD day. */
export function at(date: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(dayStart(date).getTime() + (h * 60 + m) * MINUTE);
}

const minutesOfDay = (t: Date) => Math.round((t.getTime() - dayStart(localDate(t)).getTime()) / MINUTE);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export class DemoTime {
  readonly today: string;
  /** Working days before today, the most recent first: workdays[0] is W(1). */
  readonly workdays: string[] = [];
  /** Every calendar day from W(span) to yesterday, oldest first. */
  readonly days: string[] = [];

  constructor(
    readonly cal: WorkCalendar,
    readonly now: Date,
    readonly rng: Rng,
    span = 20,
  ) {
    this.today = localDate(now);
    for (let d = nextDate(this.today, -1); this.workdays.length < span; d = nextDate(d, -1)) {
      if (cal.isWorkday(d)) this.workdays.push(d);
    }
    for (let d = this.W(span); d < this.today; d = nextDate(d)) this.days.push(d);
  }

  /** The k-th working day before today (k >= 1): every moment on it has passed. */
  W(k: number): string {
    return this.workdays[k - 1];
  }

  /** hh:mm on W(k). */
  w(k: number, time: string): Date {
    return at(this.W(k), time);
  }

  /** Working days after `date` and before today, in order: the days a department could have acted on. */
  workdaysAfter(date: string): string[] {
    return this.workdays.filter((d) => d > date).reverse();
  }

  /** A random moment of a day between two local times. */
  during(date: string, from = '09:00', to = '17:00'): Date {
    return at(date, hhmm(this.rng.int(minutesOfDay(at(date, from)), minutesOfDay(at(date, to)))));
  }

  /** Some minutes after t on the same day: the day's work ends by 20:30, and nothing goes back in time. */
  later(t: Date, lo: number, hi: number): Date {
    const dayEnd = at(localDate(t), '20:30').getTime();
    const wanted = t.getTime() + this.rng.int(lo, hi) * MINUTE;
    return new Date(Math.max(t.getTime() + MINUTE, Math.min(wanted, dayEnd)));
  }

  /** Minutes before the moment of loading (for what happened today, at any hour: the hotline never closes). */
  ago(minutes: number): Date {
    return new Date((Math.floor(this.now.getTime() / MINUTE) - minutes) * MINUTE);
  }

  /** When the organisation was set up: a week before the first ticket. */
  setupMoment(): Date {
    return at(nextDate(this.W(this.workdays.length), -7), '09:00');
  }

  isWorkday(date: string): boolean {
    return this.cal.isWorkday(date);
  }
}
