// 数据上报 (docs/integration.md "Daily data reporting"): the days reported to the provincial data platform, newest
// first, with their counts and when; a reported day can be made and sent again (its files rewritten, nothing posted
// twice to a system that had it).
import { get, post } from '../api.ts';
import { say } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { ListView } from '../ui/table.ts';
import { rowButton } from './crud.ts';

interface ReportedDay {
  day: string;
  counts: { orders: number; ratings: number; figures: number };
  posts: number;
  file: boolean;
  reported_at: string;
}

const word = (key: string, params?: Record<string, string | string[]>) => say(key, params) ?? key;

export class DataReportsTab {
  readonly el: HTMLElement;
  private readonly days: ListView<ReportedDay> = new ListView<ReportedDay>({
    columns: [
      { label: word('dataReport.day'), cell: (d) => d.day, class: 'nowrap' },
      { label: word('dataReport.orders'), cell: (d) => d.counts.orders },
      { label: word('dataReport.ratings'), cell: (d) => d.counts.ratings },
      { label: word('dataReport.figures'), cell: (d) => d.counts.figures },
      { label: word('dataReport.posts'), cell: (d) => d.posts },
      { label: word('dataReport.file'), cell: (d) => word(d.file ? 'dataReport.yes' : 'dataReport.no') },
      { label: word('dataReport.reportedAt'), cell: (d) => fmtTime(d.reported_at), class: 'nowrap' },
      {
        label: '',
        cell: (d) =>
          rowButton(
            word('dataReport.rerun'),
            () => post(`/data-reports/${d.day}/rerun`),
            () => this.days.reload(),
            word('dataReport.rerunDone', { day: d.day }),
          ),
      },
    ],
    load: async () => {
      const { items } = await get<{ items: ReportedDay[] }>('/data-reports');
      return { items, total: items.length };
    },
    paged: false,
    rowKey: (d) => d.day,
    empty: word('dataReport.none'),
  });

  constructor() {
    this.el = h(
      'div',
      { class: 'stack', id: 'data-reports' },
      h(
        'section',
        { class: 'card stack' },
        h('h2', null, word('dataReport.title')),
        h('p', { class: 'muted small' }, word('dataReport.hint')),
        this.days.el,
      ),
    );
  }

  load(): Promise<void> {
    return this.days.reload();
  }
}
