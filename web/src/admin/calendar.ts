// Working-day calendar (节假日): the official schedule comes from a maintained package, which lags the State
// Council's notice by months. The administrator enters a coming year's whole schedule at once (放假 and 调休上班,
// from the notice) — the deadlines computed on its unconfirmed days then move — or overrides a single day.
// A month at a time, overrides marked; a warning above the page while a year has no schedule.
import { ApiError, del, get, put } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtTime, today } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { act } from './crud.ts';

interface Day {
  date: string;
  workday: boolean;
  override: boolean;
}
interface Override {
  date: string;
  workday: boolean | number;
  note: string | null;
}
interface Year {
  year: number;
  source: 'official' | 'administrator' | null;
  overrides: Override[];
  days: Day[];
}
interface Status {
  today: string;
  warning: boolean;
  missing: number[];
  years: Array<{ year: number; source: string | null }>;
}
interface Saved {
  year: number;
  holidays: string[];
  workdays: string[];
  recomputed: {
    checked: number;
    moved: Array<{ id: number; number: string; due_at_before: string | null; due_at_after: string | null }>;
  };
}

/** One line of the notice as typed: 2027-02-06 or 2027-02-06~2027-02-12 (至, -, 到 too), then an optional name. */
export function parseLines(text: string): Array<string | { from: string; to?: string; name?: string }> {
  // 2027/1/1, 2027.1.1 and 2027年1月1日 are read as 2027-01-01.
  const iso = (s: string) =>
    s.replace(
      /(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?/g,
      (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    );
  return text
    .split('\n')
    .map((l) => iso(l.trim()))
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|～|至|到|—|--|-|\/)\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/.exec(line);
      // Anything else goes as typed: the server names the line it cannot read.
      if (!m) return line;
      return { from: m[1], ...(m[2] ? { to: m[2] } : {}), ...(m[3] ? { name: m[3].slice(0, 50) } : {}) };
    });
}

/** Consecutive dates as one line each: 2027-02-06~2027-02-12. */
function ranges(dates: string[]): string[] {
  const out: string[][] = [];
  for (const d of [...dates].sort()) {
    const last = out[out.length - 1];
    const next =
      last && new Date(Date.parse(`${last[last.length - 1]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (last && next === d) last.push(d);
    else out.push([d]);
  }
  return out.map((r) => (r.length === 1 ? r[0] : `${r[0]}~${r[r.length - 1]}`));
}

/** A refusal of line N (holidays.N.from) shown under its text box, saying which line. */
function byLine(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const details = err.details.map((d) => {
    const m = /^(holidays|workdays)\.(\d+)/.exec(d.path);
    return m ? { path: m[1], message: t('a.line').replace('{n}', String(Number(m[2]) + 1)) + d.message } : d;
  });
  return new ApiError(err.status, err.code, err.message, details);
}

/** The warning above the administration page while the current or coming year has no official schedule. */
export class CalendarWarning {
  readonly el = h('div', { class: 'banner warn', id: 'calendar-warning', role: 'alert', hidden: true });
  /** The server's today (the browser's clock may differ). */
  today = '';

  constructor(private readonly enter: (year: number) => void) {}

  async load(): Promise<void> {
    const s = await get<Status>('/calendar/status');
    this.today = s.today;
    this.el.hidden = !s.warning;
    if (!s.warning) return fill(this.el);
    const year = s.missing[s.missing.length - 1];
    fill(
      this.el,
      h('strong', null, t('a.calMissing').replace('{years}', s.missing.join('、'))),
      ' ',
      t('a.calMissingWhy'),
      ' ',
      h(
        'button',
        { type: 'button', class: 'primary small', id: 'enter-year', onclick: () => this.enter(year) },
        t('a.enterYearFor').replace('{year}', String(year)),
      ),
    );
  }
}

export class CalendarTab {
  readonly el: HTMLElement;
  private month = today().slice(0, 7);
  private year: Year | null = null;
  private grid = h('div', { class: 'cal-grid', id: 'cal-grid' });
  private title = h('h2', { class: 'grow', id: 'cal-title' });
  private overrides = h('div', { id: 'cal-overrides' });
  private form: HTMLFormElement;
  private yearForm: HTMLFormElement;
  private source = h('p', { class: 'muted small', id: 'cal-source' });
  private result = h('div', { id: 'year-result' });

  constructor(private readonly yearSaved: () => Promise<void> = async () => {}) {
    this.yearForm = h(
      'form',
      { class: 'card stack', id: 'year-form' },
      h('h2', null, t('a.enterYear')),
      h('p', { class: 'muted small' }, t('a.enterYearHint')),
      field({
        name: 'year',
        label: t('a.year'),
        type: 'number',
        required: true,
        min: 2000,
        max: 2100,
        value: Number(today().slice(0, 4)) + 1,
      }),
      field({
        name: 'holidays',
        label: t('a.holidays'),
        type: 'textarea',
        rows: 6,
        required: true,
        placeholder: '2027-01-01 元旦\n2027-02-06~2027-02-12 春节',
        hint: t('a.holidaysHint'),
      }),
      field({
        name: 'workdays',
        label: t('a.makeupDays'),
        type: 'textarea',
        rows: 3,
        placeholder: '2027-02-14 春节调休上班',
        hint: t('a.makeupHint'),
      }),
      h('p', { class: 'error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, t('a.saveYear')),
    );
    const yearInput = this.yearForm.elements.namedItem('year') as HTMLInputElement;
    yearInput.addEventListener('change', () => void this.prefill(Number(yearInput.value)));
    onSubmit(this.yearForm, async (v) => {
      const year = Number(v.year);
      const saved = await put<Saved>(`/calendar/years/${year}`, {
        holidays: parseLines(v.holidays ?? ''),
        workdays: parseLines(v.workdays ?? ''),
      }).catch((err: unknown) => {
        throw byLine(err);
      });
      toast(t('a.yearSaved').replace('{year}', String(year)).replace('{n}', String(saved.recomputed.moved.length)));
      this.showResult(saved);
      this.month = `${year}-01`;
      await Promise.all([this.load(), this.yearSaved()]);
    });
    this.form = h(
      'form',
      { class: 'card stack', id: 'calendar-form' },
      h('h2', null, t('a.override')),
      h('p', { class: 'muted small' }, t('a.overrideHint')),
      field({ name: 'date', label: t('a.date'), type: 'date', required: true }),
      field({
        name: 'workday',
        label: t('a.dayKind'),
        type: 'select',
        options: [
          ['true', t('a.workday')],
          ['false', t('a.restday')],
        ],
      }),
      field({ name: 'note', label: t('a.note'), placeholder: '2027 年春节调休' }),
      h('p', { class: 'error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, t('a.saveOverride')),
    );
    onSubmit(this.form, async (v) => {
      await put(`/calendar/${v.date ?? ''}`, { workday: v.workday === 'true', note: v.note });
      toast(t('a.overrideSaved').replace('{date}', v.date));
      this.month = String(v.date).slice(0, 7);
      await this.load();
    });
    const nav = (step: number) => () => {
      const [y, m] = this.month.split('-').map(Number);
      const d = new Date(Date.UTC(y, m - 1 + step, 1));
      this.month = d.toISOString().slice(0, 7);
      void this.load();
    };
    this.el = h(
      'div',
      { class: 'split' },
      h(
        'section',
        { class: 'card' },
        h(
          'div',
          { class: 'toolbar' },
          h('button', { type: 'button', class: 'secondary small', onclick: nav(-1), 'aria-label': '‹' }, '‹'),
          this.title,
          h('button', { type: 'button', class: 'secondary small', onclick: nav(1), 'aria-label': '›' }, '›'),
        ),
        this.source,
        this.grid,
        h(
          'p',
          { class: 'legend muted small' },
          h('span', { class: 'day work' }, t('a.workday')),
          h('span', { class: 'day rest' }, t('a.restday')),
          h('span', { class: 'day work override' }, t('a.overridden')),
        ),
      ),
      h(
        'div',
        { class: 'detail' },
        this.result,
        this.yearForm,
        this.form,
        h('section', { class: 'card' }, h('h2', null, t('a.overrides')), this.overrides),
      ),
    );
  }

  async load(): Promise<void> {
    const year = Number(this.month.slice(0, 4));
    this.year = await get<Year>(`/calendar?year=${year}`);
    this.draw();
  }

  /** The server's today: the month shown first, and the coming year offered in the year's form. */
  setToday(date: string): void {
    if (!date) return;
    this.month = date.slice(0, 7);
    (this.yearForm.elements.namedItem('year') as HTMLInputElement).value = String(Number(date.slice(0, 4)) + 1);
  }

  /** Which orders' deadlines moved, each a link to the order, from when to when. */
  private showResult(saved: Saved): void {
    const moved = saved.recomputed.moved;
    fill(
      this.result,
      h(
        'section',
        { class: 'card' },
        h('h2', null, t('a.recomputed').replace('{year}', String(saved.year))),
        moved.length === 0
          ? h('p', { class: 'muted' }, t('a.nothingMoved'))
          : h(
              'ul',
              { class: 'requests' },
              moved.map((m) =>
                h(
                  'li',
                  { 'data-moved': m.id },
                  h('a', { href: `/tickets/${m.id}` }, m.number),
                  ' ',
                  t('t.dueMoved').replace('{from}', fmtTime(m.due_at_before)).replace('{to}', fmtTime(m.due_at_after)),
                ),
              ),
            ),
      ),
    );
  }

  /** Opens the year's form for the warning's year, filled with what is already entered for it. */
  async enterYear(year: number): Promise<void> {
    (this.yearForm.elements.namedItem('year') as HTMLInputElement).value = String(year);
    this.month = `${year}-01`;
    void this.load();
    await this.prefill(year);
    (this.yearForm.elements.namedItem('holidays') as HTMLTextAreaElement).focus();
  }

  /** A year already entered comes back into the form (as ranges) to be corrected; another year starts empty. */
  private async prefill(year: number): Promise<void> {
    if (!(year >= 2000 && year <= 2100)) return;
    const y = await get<{ source: string | null; holidays: string[]; workdays: string[] }>(`/calendar/years/${year}`);
    // Only an entered year replaces what is in the boxes: typing for a new year is never wiped.
    if (y.source !== 'administrator') return;
    (this.yearForm.elements.namedItem('holidays') as HTMLTextAreaElement).value = ranges(y.holidays).join('\n');
    (this.yearForm.elements.namedItem('workdays') as HTMLTextAreaElement).value = y.workdays.join('\n');
  }

  private draw(): void {
    const y = this.year!;
    this.source.textContent = t(`a.source.${y.source ?? 'none'}`).replace('{year}', String(y.year));
    this.source.className = y.source ? 'muted small' : 'banner warn small';
    const [yy, mm] = this.month.split('-').map(Number);
    this.title.textContent = lang() === 'en' ? `${this.month}` : `${yy} 年 ${mm} 月`;
    const days = y.days.filter((d) => d.date.startsWith(this.month));
    const lead = (new Date(`${this.month}-01T00:00:00Z`).getUTCDay() + 6) % 7; // Monday first
    const names =
      lang() === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['一', '二', '三', '四', '五', '六', '日'];
    fill(
      this.grid,
      names.map((n) => h('div', { class: 'dow' }, n)),
      Array.from({ length: lead }, () => h('div')),
      days.map((d) =>
        h(
          'button',
          {
            type: 'button',
            class: `day ${d.workday ? 'work' : 'rest'}${d.override ? ' override' : ''}`,
            'data-date': d.date,
            title: d.workday ? t('a.workday') : t('a.restday'),
            onclick: () => this.pick(d),
          },
          String(Number(d.date.slice(8))),
          h('small', null, d.workday ? t('a.workShort') : t('a.restShort')),
        ),
      ),
    );
    fill(
      this.overrides,
      y.overrides.length === 0
        ? h('p', { class: 'muted' }, t('ui.empty'))
        : h(
            'ul',
            { class: 'requests' },
            y.overrides.map((o) =>
              h(
                'li',
                { 'data-override': o.date },
                h('strong', null, o.date),
                ' ',
                o.workday ? t('a.workday') : t('a.restday'),
                o.note ? ` · ${o.note}` : '',
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    onclick: () =>
                      void act(
                        () => del(`/calendar/${o.date}`),
                        () => this.load(),
                        t('a.overrideRemoved'),
                      ),
                  },
                  t('a.removeOverride'),
                ),
              ),
            ),
          ),
    );
  }

  /** A click on a day fills the form with the opposite of what the day is now. */
  private pick(d: Day): void {
    (this.form.elements.namedItem('date') as HTMLInputElement).value = d.date;
    (this.form.elements.namedItem('workday') as HTMLSelectElement).value = String(!d.workday);
    (this.form.elements.namedItem('note') as HTMLInputElement).focus();
  }
}
