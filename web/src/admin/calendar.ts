// Working-day calendar overrides (节假日调整): the official schedule comes from a maintained package; the
// administrator overrides a day it lacks or gets wrong. A month at a time, overrides marked, one form to change a day.
import { del, get, put } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { today } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { act } from './crud.ts';

interface Day { date: string; workday: boolean; override: boolean }
interface Override { date: string; workday: boolean | number; note: string | null }
interface Year { year: number; overrides: Override[]; days: Day[] }

export class CalendarTab {
  readonly el: HTMLElement;
  private month = today().slice(0, 7);
  private year: Year | null = null;
  private grid = h('div', { class: 'cal-grid', id: 'cal-grid' });
  private title = h('h2', { class: 'grow', id: 'cal-title' });
  private overrides = h('div', { id: 'cal-overrides' });
  private form: HTMLFormElement;

  constructor() {
    this.form = h('form', { class: 'card stack', id: 'calendar-form' },
      h('h2', null, t('a.override')), h('p', { class: 'muted small' }, t('a.overrideHint')),
      field({ name: 'date', label: t('a.date'), type: 'date', required: true }),
      field({ name: 'workday', label: t('a.dayKind'), type: 'select', options: [['true', t('a.workday')], ['false', t('a.restday')]] }),
      field({ name: 'note', label: t('a.note'), placeholder: '2027 年春节调休' }),
      h('p', { class: 'error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, t('a.saveOverride')));
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
    this.el = h('div', { class: 'split' },
      h('section', { class: 'card' },
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'secondary small', onclick: nav(-1), 'aria-label': '‹' }, '‹'), this.title,
          h('button', { type: 'button', class: 'secondary small', onclick: nav(1), 'aria-label': '›' }, '›')),
        this.grid, h('p', { class: 'legend muted small' }, h('span', { class: 'day work' }, t('a.workday')), h('span', { class: 'day rest' }, t('a.restday')),
          h('span', { class: 'day work override' }, t('a.overridden')))),
      h('div', { class: 'detail' }, this.form, h('section', { class: 'card' }, h('h2', null, t('a.overrides')), this.overrides)));
  }

  async load(): Promise<void> {
    const year = Number(this.month.slice(0, 4));
    this.year = await get<Year>(`/calendar?year=${year}`);
    this.draw();
  }

  private draw(): void {
    const y = this.year!;
    const [yy, mm] = this.month.split('-').map(Number);
    this.title.textContent = lang() === 'en' ? `${this.month}` : `${yy} 年 ${mm} 月`;
    const days = y.days.filter((d) => d.date.startsWith(this.month));
    const lead = (new Date(`${this.month}-01T00:00:00Z`).getUTCDay() + 6) % 7; // Monday first
    const names = lang() === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['一', '二', '三', '四', '五', '六', '日'];
    fill(this.grid, names.map((n) => h('div', { class: 'dow' }, n)), Array.from({ length: lead }, () => h('div')),
      days.map((d) => h('button', {
        type: 'button', class: `day ${d.workday ? 'work' : 'rest'}${d.override ? ' override' : ''}`, 'data-date': d.date,
        title: d.workday ? t('a.workday') : t('a.restday'),
        onclick: () => this.pick(d),
      }, String(Number(d.date.slice(8))), h('small', null, d.workday ? t('a.workShort') : t('a.restShort')))));
    fill(this.overrides, y.overrides.length === 0 ? h('p', { class: 'muted' }, t('ui.empty')) : h('ul', { class: 'requests' }, y.overrides.map((o) =>
      h('li', { 'data-override': o.date }, h('strong', null, o.date), ' ', Boolean(o.workday) ? t('a.workday') : t('a.restday'), o.note ? ` · ${o.note}` : '', ' ',
        h('button', { type: 'button', class: 'link', onclick: () => void act(() => del(`/calendar/${o.date}`), () => this.load(), t('a.overrideRemoved')) }, t('a.removeOverride'))))));
  }

  /** A click on a day fills the form with the opposite of what the day is now. */
  private pick(d: Day): void {
    (this.form.elements.namedItem('date') as HTMLInputElement).value = d.date;
    (this.form.elements.namedItem('workday') as HTMLSelectElement).value = String(!d.workday);
    (this.form.elements.namedItem('note') as HTMLInputElement).focus();
  }
}
