// Times as people here read them: Beijing time (Asia/Shanghai) whatever the computer's zone; rates as percentages.
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pieces(iso: string): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** 2026-11-22 14:05 */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 11-22 14:05, for dense lists (the year is in the detail). */
export function fmtShort(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-11-22 */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today's date in Beijing, YYYY-MM-DD, as the browser's clock has it. */
export const today = (): string => fmtDate(new Date().toISOString());

/** 0.9234 -> 92.3%; null (nothing to divide by) -> — */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Month-on-month change of a rate in percentage points, with its sign: +1.2 / -3.0 / — */
export function delta(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  const d = (now - before) * 100;
  return `${d > 0 ? '+' : ''}${d.toFixed(1)}`;
}

/** Seconds as 1小时5分 / 1 h 5 min */
export function duration(seconds: number, en: boolean): string {
  const m = Math.floor(seconds / 60);
  if (m < 60) return en ? `${m} min` : `${m}分钟`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return en ? `${hours} h ${m % 60} min` : `${hours}小时${m % 60}分`;
  return en ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)}天${hours % 24}小时`;
}

/** The first and last day of the month of a date: ['2026-11-01', '2026-11-30'] */
export function monthRange(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

/** The month before YYYY-MM. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
