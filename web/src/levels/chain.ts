// 流转链: the units an order went through below the hotline's dispatch, one step per level indented by its depth
// (district main → street down → community down; co-handling units beside the lead), each with its deadlines, card
// and reply, and the buttons the server lists for this reader on that level now (levels[].actions): sign, contact,
// reply to the parent; approve, send back or take back a level below. The holder's 下派 is passDownButton.
import { contactButton } from '../ui/contact-form.ts';
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, type Child } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { dialog, field } from '../ui/form.ts';
import { busy, onSubmit, showError } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import { revealPhone } from '../ui/reveal-phone.ts';
import type { TicketDetail } from '../ui/ticket.ts';
import { cardBadge, levelStatus, roleBadge, statusWord, type Level } from './level.ts';
import { proofPicker } from '../ui/attachment-picker.ts';

/** How deep each level sits: the hotline's dispatch (no parent) is 0, its children 1, theirs 2. */
function depths(levels: Level[]): Map<number, number> {
  const byId = new Map(levels.map((l) => [l.id, l]));
  const out = new Map<number, number>();
  const depth = (l: Level, seen = 0): number => {
    if (out.has(l.id)) return out.get(l.id)!;
    const parent = l.parent_id === null ? undefined : byId.get(l.parent_id);
    const d = parent && seen < 10 ? depth(parent, seen + 1) + 1 : 0;
    out.set(l.id, d);
    return d;
  };
  levels.forEach((l) => depth(l));
  return out;
}

/** One fact of a level, its label and time kept together on a narrow screen. */
const at = (label: string, iso: string | null) =>
  iso ? h('div', null, h('dt', null, label), h('dd', null, fmtTime(iso))) : null;

/**
 * 先联系后办理 at a level: the unit the order was passed down to calls the resident from its own level (the server
 * audits the reveal as for the holder). Offered on the reader's own open level when the order itself does not offer
 * it (the holder's contact area does), and never for a confidential order, whose caller the hotline relays.
 */
function revealHere(tk: TicketDetail, can: Set<string>): HTMLElement | null {
  const own = ['sign', 'reply', 'contact'].some((a) => can.has(a));
  if (!own || !tk.caller_phone || (tk.allowed_actions ?? []).includes('reveal_phone')) return null;
  return revealPhone(tk.id, { 'data-level-action': 'reveal_phone' }, '.chain, .ticket-actions');
}

/** A button that posts {version} to a level's action and reports back. */
function levelButton(
  tk: TicketDetail,
  done: Done,
  o: { action: string; path: string; label: string; message: string },
) {
  const b: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-level-action': o.action,
      onclick: async () => {
        try {
          await busy(b, () => post(`/tickets/${tk.id}/${o.path}`, { version: tk.version }));
          await done(o.message);
        } catch (err) {
          showError(err, b.closest('.chain, .ticket-actions'));
        }
      },
    },
    o.label,
  );
  return b;
}

/** A decision that needs words first: a reason to send back or take back, a note to approve. */
function askButton(
  tk: TicketDetail,
  l: Level,
  done: Done,
  o: { action: string; label: string; intro: string; message: string; fieldName: 'reason' | 'note'; danger?: boolean },
) {
  return h(
    'button',
    {
      type: 'button',
      class: o.action === 'approve' ? 'primary ok' : 'secondary',
      'data-level-action': o.action,
      onclick: () =>
        dialog({
          title: o.label,
          intro: o.intro,
          submitLabel: o.label,
          danger: o.danger,
          fields: [
            {
              name: o.fieldName,
              label: o.fieldName === 'reason' ? t('t.reason') : t('lv.approveNote'),
              type: 'textarea',
              required: o.fieldName === 'reason',
              rows: 3,
            },
          ],
          submit: async (v) => {
            await post(`/tickets/${tk.id}/levels/${l.id}/${o.action.replace('_', '-')}`, { version: tk.version, ...v });
            await done(o.message);
          },
        }),
    },
    o.label,
  );
}

/** The level's unit replies to its parent from here, on a phone as well as at a desk. */
function replyForm(tk: TicketDetail, l: Level, done: Done): HTMLFormElement {
  // 办结佐证 from the site: photos the level's unit takes, stored on the order before its reply goes up.
  const proof = proofPicker(tk);
  const form = h(
    'form',
    { class: 'stack level-reply', 'data-level-action': 'reply' },
    // A co-handling unit answers the lead (主办), a unit passed the order answers the unit above.
    field({
      name: 'reply',
      label: t(l.role === 'co' ? 'lv.replyLead' : 'lv.replyLabel'),
      type: 'textarea',
      rows: 4,
      required: true,
    }),
    h('small', { class: 'hint' }, t(l.role === 'co' ? 'lv.replyLeadHint' : 'lv.replyHint')),
    proof.el,
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, t(l.role === 'co' ? 'lv.replyLead' : 'lv.reply')),
  );
  onSubmit(form, async (v) => {
    await proof.settled();
    await post(`/tickets/${tk.id}/levels/${l.id}/reply`, { version: tk.version, ...v });
    await done(t(l.role === 'co' ? 'lv.repliedLead' : 'lv.replied'));
  });
  return form;
}

function levelActions(tk: TicketDetail, l: Level, done: Done): Child {
  // The hotline's own dispatch is signed, contacted and answered with the order's own actions (/sign, /reply).
  if (l.role === 'main') return null;
  const can = new Set(l.actions ?? []);
  // 先联系后办理: the contact is the order's (POST /contact); the ticket's own contact area offers it when the
  // reader holds the order itself, so it is offered here only when that area does not.
  const contactHere = can.has('contact') && !(tk.allowed_actions ?? []).includes('contact');
  const buttons = [
    revealHere(tk, can),
    can.has('sign')
      ? levelButton(tk, done, {
          action: 'sign',
          path: `levels/${l.id}/sign`,
          label: t('lv.sign'),
          message: t('lv.signed'),
        })
      : null,
    contactHere
      ? contactButton(tk, done, {
          label: t('i.contact'),
          message: t('lv.contacted'),
          cls: 'primary',
          attrs: { 'data-level-action': 'contact' },
        })
      : null,
    can.has('approve')
      ? askButton(tk, l, done, {
          action: 'approve',
          label: t('lv.approve'),
          intro: t('lv.approveIntro'),
          message: t('lv.approved'),
          fieldName: 'note',
        })
      : null,
    can.has('send_back')
      ? askButton(tk, l, done, {
          action: 'send_back',
          label: t('lv.sendBack'),
          intro: t('lv.sendBackIntro'),
          message: t('lv.sentBack'),
          fieldName: 'reason',
        })
      : null,
    can.has('take_back')
      ? askButton(tk, l, done, {
          action: 'take_back',
          label: t('lv.takeBack'),
          intro: t('lv.takeBackIntro'),
          message: t('lv.takenBack'),
          fieldName: 'reason',
          danger: true,
        })
      : null,
  ].filter(Boolean);
  return [
    buttons.length ? h('div', { class: 'actions' }, buttons) : null,
    can.has('reply') ? replyForm(tk, l, done) : null,
  ];
}

function step(tk: TicketDetail, l: Level, depth: number, done: Done): HTMLElement {
  return h(
    'li',
    {
      class: `level depth-${Math.min(depth, 4)}${l.ended_at ? ' ended' : ''} card-${l.card}`,
      'data-level': l.id,
      'data-role': l.role,
      'data-department': l.department_id,
    },
    h(
      'div',
      { class: 'level-head' },
      h('strong', { class: 'unit' }, l.department_name),
      ' ',
      roleBadge(l.role),
      ' ',
      levelStatus(statusWord(l)),
      ' ',
      cardBadge(l.card),
    ),
    h(
      'dl',
      { class: 'level-facts small' },
      at(t('lv.dispatchedAt'), l.dispatched_at),
      l.ended_at ? null : at(t('lv.signBy'), l.signed_at ? null : l.sign_deadline_at),
      l.ended_at ? null : at(t('lv.dueBy'), l.due_at),
      at(t('lv.signedAt'), l.signed_at),
      at(t('lv.contactedAt'), l.role === 'main' ? null : (l.contacted_at ?? null)),
      at(t('lv.repliedAt'), l.replied_at),
      at(t('lv.endedAt'), l.ended_at),
    ),
    // A reply sent back is on the timeline; the level shows the one standing (awaiting review, or approved).
    l.reply && l.replied_at && l.role !== 'main'
      ? h(
          'div',
          { class: 'level-reply-text' },
          h('span', { class: 'muted small' }, t('lv.levelReply')),
          h('p', { class: 'note' }, l.reply),
        )
      : null,
    levelActions(tk, l, done),
  );
}

/**
 * The chain, when there is one (more than the hotline's own dispatch): an order handled by one unit alone shows as
 * it always did.
 */
export function chain(tk: TicketDetail, done: Done): HTMLElement | null {
  const levels = tk.levels ?? [];
  if (levels.length < 2) return null;
  const depth = depths(levels);
  return h(
    'section',
    { class: 'chain', 'data-chain': '' },
    h('h4', { title: t('lv.chainHint') }, t('lv.chain')),
    h('p', { class: 'error', role: 'alert' }),
    h(
      'ol',
      { class: 'levels' },
      levels.map((l) => step(tk, l, depth.get(l.id) ?? 0, done)),
    ),
  );
}
