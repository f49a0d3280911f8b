// 重复诉求: the line under an order's facts when it was flagged a repeat demand, with its rule and the earlier
// orders it repeats, each linked (GET /tickets/:id `repeats`, server/domain/tickets/repeat-demands.ts).
import { say } from '../i18n.ts';
import { h, type Child } from './dom.ts';
import { fmtTime } from './format.ts';

export interface TicketRepeats {
  count: number;
  rule: 'phone' | 'place';
  siblings: Array<{ id: number; number: string; created_at: string }>;
}

const word = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;

export function repeatsLine(repeats: TicketRepeats | null | undefined): Child {
  if (!repeats) return null;
  return h(
    'p',
    { class: 'small', id: 'repeats', 'data-repeat-rule': repeats.rule },
    h('span', { class: 'badge red' }, word('repeat.badge')),
    ' ',
    word('repeat.summary', { count: repeats.count, rule: word(`repeat.rule.${repeats.rule}`) }),
    repeats.siblings.map((s, i) => [
      i ? '、' : '',
      h('a', { href: `/tickets/${s.id}`, 'data-sibling': s.id, title: fmtTime(s.created_at) }, s.number),
    ]),
  );
}
