// The inbox's two tabs of passed-down work (GET /levels): 下派给我的, orders a unit above passed down to this unit or
// asked it to co-handle, to sign, contact the resident, handle and reply to the unit above; and 待审核, replies of the
// units below waiting for this unit's review. A row opens the order beside the list (below it on a phone), where the
// chain (流转链) holds the level's buttons. A street or community handler works these from a 390-pixel phone.
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { ListView, type Page } from '../ui/table.ts';
import type { Names } from '../ui/ticket.ts';
import { cardBadge, deadlines, levelStatus, roleBadge, type LevelRow } from '../levels/level.ts';
import { handlerActions } from './actions.ts';

export type LevelView = 'todo' | 'review';

/** On a phone the order opens below the list: bring it into view. */
export function intoViewOnPhone(el: HTMLElement): void {
  if (window.matchMedia('(max-width: 599px)').matches) el.scrollIntoView({ block: 'start' });
}

/** The list's answer as a page, whether the server pages it or answers the whole list. */
async function levels(view: LevelView, page: { page: number; per_page: number }): Promise<Page<LevelRow>> {
  const data = await get<Page<LevelRow> | LevelRow[]>(`/levels${qs({ view, ...page })}`);
  return Array.isArray(data) ? { items: data, total: data.length } : data;
}

/** Number, card and title; the unit it came from (todo) or the unit below that replied (review). */
function orderOf(view: LevelView) {
  return (x: LevelRow) =>
    h(
      'div',
      { class: 'order' },
      h('span', { class: 'number small' }, x.number),
      ' ',
      cardBadge(x.card),
      h('div', { class: 'title' }, x.title),
      h(
        'div',
        { class: 'muted small', 'data-from': '' },
        view === 'todo' ? `${t('lv.from')} ${x.parent_department_name ?? '—'}` : `${t('lv.unit')} ${x.department_name}`,
      ),
    );
}

/**
 * The order beside a level list. A unit reads an order while it holds a level of it or after its work there was
 * approved; a level taken back by the unit above takes the order out of its sight: the pane says so instead of a
 * refusal.
 */
class LevelPane extends TicketPane {
  override async show(id: number): Promise<void> {
    const before = this.current?.id;
    await super.show(id);
    const refused = this.el.firstElementChild?.matches('p.error');
    if (!refused || before !== id) return;
    this.current = null;
    fill(this.el, h('p', { class: 'placeholder', 'data-out-of-sight': '' }, t('lv.outOfSight')));
  }
}

export class LevelTab {
  readonly list: ListView<LevelRow>;
  readonly pane: TicketPane;
  readonly el: HTMLElement;

  constructor(
    readonly view: LevelView,
    names: () => Promise<Names>,
    changed: () => void,
  ) {
    this.pane = new LevelPane(names, handlerActions, () => {
      void this.list.reload();
      changed();
    });
    this.list = new ListView<LevelRow>({
      columns:
        view === 'todo'
          ? [
              { label: t('ui.order'), cell: orderOf(view) },
              { label: t('lv.level'), cell: (x) => [levelStatus(x.status), ' ', roleBadge(x.role)] },
              { label: t('t.due'), cell: deadlines },
            ]
          : [
              { label: t('ui.order'), cell: orderOf(view) },
              {
                label: t('lv.replyText'),
                cell: (x) => [
                  h('div', { class: 'muted small nowrap' }, `${t('lv.repliedAt')} ${fmtShort(x.replied_at)}`),
                  x.reply ? h('div', { class: 'clip small' }, x.reply) : null,
                ],
              },
              { label: t('t.due'), cell: deadlines },
            ],
      load: (page) => levels(view, page),
      rowKey: (x) => x.ticket_id,
      onRow: (x) => void this.pane.show(x.ticket_id).then(() => intoViewOnPhone(this.pane.el)),
      rowClass: (x) => `card-${x.card}`,
      empty: t(view === 'todo' ? 'lv.empty.levels' : 'lv.empty.review'),
    });
    this.el = h(
      'section',
      { id: view === 'todo' ? 'levels' : 'review', class: 'level-tab' },
      h('p', { class: 'muted small hint-line' }, t(view === 'todo' ? 'lv.levelsHint' : 'lv.reviewHint')),
      h('div', { class: 'split levels-split' }, h('div', { class: 'levels-list' }, this.list.el), this.pane.el),
    );
  }

  /** The tab's count, 0 included (greyed), as the inbox's other tabs say theirs. */
  count(name: string): void {
    void levels(this.view, { page: 1, per_page: 1 })
      .then((p) => {
        const el = document.querySelector(`[data-count="${name}"]`);
        if (!el) return;
        el.textContent = String(p.total);
        el.classList.toggle('none', p.total === 0);
      })
      .catch(() => {});
  }
}
