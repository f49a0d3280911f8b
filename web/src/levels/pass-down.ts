// 下派: the unit holding an order (the hotline's dispatch, or a level passed down to it, signed) passes it to a unit
// below it in the tree, with a reply limit in working days inside its own and instructions. The server offers it
// (allowed_actions has pass_down) and decides everything again: a functional department's duty stays up.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { loadDepartments, type Department } from '../ui/data.ts';
import { fmtTime } from '../ui/format.ts';
import { dialog } from '../ui/form.ts';
import type { Done } from '../ui/pane.ts';
import type { TicketDetail } from '../ui/ticket.ts';

/** A department as a unit of the tree (docs/rules/units.md). */
type Unit = Department & { parent_id?: number | null; kind?: string };

let mine: Promise<number | null> | null = null;
/** The reader's own unit: the one that passes down. */
const myUnit = () =>
  (mine ??= get<{ department_id: number | null }>('/auth/me').then(
    (me) => me.department_id,
    () => null,
  ));

/** The active units below `top`, each after its parent, with the depth below `top` (1: a child). */
export function unitsBelow(all: Unit[], top: number): Array<{ unit: Unit; depth: number }> {
  const children = new Map<number, Unit[]>();
  for (const u of all) if (u.parent_id != null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  const out: Array<{ unit: Unit; depth: number }> = [];
  const walk = (id: number, depth: number) => {
    if (depth > 6) return;
    for (const u of children.get(id) ?? []) {
      if (u.active !== false) out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(top, 1);
  return out;
}

export function passDownButton(tk: TicketDetail, done: Done): HTMLButtonElement | null {
  if (!(tk.allowed_actions ?? []).includes('pass_down')) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-action': 'pass_down',
      onclick: async () => {
        const [all, top] = await Promise.all([loadDepartments() as Promise<Unit[]>, myUnit()]);
        const below = top === null ? [] : unitsBelow(all, top);
        // The level passed down must be due within the holder's own deadline: say which one that is.
        const own =
          top === tk.department_id
            ? tk.due_at
            : ((tk.levels ?? []).find((l) => l.department_id === top && !l.ended_at)?.due_at ?? tk.due_at);
        dialog({
          title: t('lv.passDown'),
          intro: below.length ? t('lv.passDownIntro') : t('lv.noUnitsBelow'),
          submitLabel: t('lv.passDown'),
          fields: [
            {
              name: 'department_id',
              label: t('lv.passDownUnit'),
              type: 'select',
              required: true,
              // A community shows indented under its street (an ideographic space, U+3000, per level).
              options: [
                ['', t('lv.passDownPick')],
                ...below.map(({ unit, depth }): [number, string] => [
                  unit.id,
                  `${'\u3000'.repeat(depth - 1)}${unit.name}`,
                ]),
              ],
            },
            {
              name: 'due_days',
              label: t('lv.passDownDays'),
              type: 'number',
              min: 1,
              max: 60,
              hint: t('lv.passDownDaysHint').replace('{due}', fmtTime(own)),
            },
            { name: 'note', label: t('lv.passDownNote'), type: 'textarea', rows: 3 },
          ],
          submit: async (v) => {
            await post(`/tickets/${tk.id}/pass-down`, { version: tk.version, ...v });
            await done(t('lv.passedDown'));
          },
        });
      },
    },
    t('lv.passDown'),
  );
}
