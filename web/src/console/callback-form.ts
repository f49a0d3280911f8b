// 回访 on a replied order (docs/rules/reviews.md): the three questions (did the unit contact you, is the problem
// solved, how satisfied), or only the first two when the resident already rated (the link, the look-up, a device);
// and the failed attempt (无人接听, 空号, 占线), whose last allowed one closes the order as 联系不上.
import './callback-messages.ts';
import { ApiError, get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { onSubmit, showError } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import type { Ticket } from '../ui/ticket.ts';

interface Attempt {
  id: number;
  reason: string;
  note: string | null;
  operator_name: string | null;
  created_at: string;
}
interface CallbackStatus {
  /** 差评整改回访: the bad review this rectification order answers, and whom to call (the hotline's only). */
  rectification: {
    score: number;
    reason: string | null;
    rated_ticket_number: string;
    resident_name: string | null;
    resident_phone: string;
  } | null;
  max_attempts: number;
  failures: number;
  attempts: Attempt[];
  resident_rating: { score: number; channel: string; rated_at: string } | null;
}

const FAILURES = ['no_answer', 'wrong_number', 'busy'] as const;

/** The attempts made so far: when, why it failed, who tried. */
export function attemptList(attempts: Attempt[]): HTMLElement | null {
  if (!attempts.length) return null;
  return h(
    'ol',
    { class: 'attempts' },
    attempts.map((a) =>
      h(
        'li',
        null,
        fmtTime(a.created_at),
        ' · ',
        h('strong', null, named('cbfail', a.reason)),
        a.operator_name ? h('span', { class: 'muted' }, ` · ${a.operator_name}`) : null,
        a.note ? h('span', { class: 'note' }, ` · ${a.note}`) : null,
      ),
    ),
  );
}

/** The failed-attempt radios (无人接听 / 空号 / 占线), shared with the missed-call queue. */
export const failureField = () =>
  field({
    name: 'reason',
    label: t('cb.failReason'),
    type: 'radio',
    options: FAILURES.map((f) => [f, named('cbfail', f)]),
  });

function answerForm(tk: Ticket, s: CallbackStatus, done: Done): HTMLFormElement {
  const rated = s.resident_rating;
  const form = h(
    'form',
    { class: 'stack', 'data-action': 'callback' },
    rated
      ? h(
          'p',
          { class: 'banner info', 'data-rated': 'true' },
          t('cb.alreadyRated')
            .replace('{channel}', named('rchannel', rated.channel))
            .replace('{score}', `${rated.score} ${named('score', rated.score)}`),
        )
      : null,
    field({
      name: 'contacted',
      label: t('cb.contacted'),
      type: 'radio',
      options: [
        ['yes', t('ui.yes')],
        ['no', t('ui.no')],
      ],
    }),
    field({
      name: 'solved',
      label: t('cb.solved'),
      type: 'radio',
      options: (['yes', 'partly', 'no'] as const).map((v) => [v, named('solved', v)]),
    }),
    rated
      ? null
      : field({
          name: 'score',
          label: t('cb.score'),
          type: 'radio',
          options: [5, 4, 3, 2, 1].map((n) => [n, `${n} ${named('score', n)}`]),
        }),
    rated ? null : field({ name: 'reason', label: t('c.badReason'), hint: t('c.badReasonHint') }),
    field({ name: 'note', label: t('c.callbackNote'), type: 'textarea', rows: 2 }),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, t('c.saveCallback')),
  );
  onSubmit(form, async (v) => {
    // The server takes the older {score} form too; the operator's form asks every question.
    const missing = [
      v.contacted === undefined ? { path: 'contacted', message: t('cb.pickContacted') } : null,
      v.solved === undefined ? { path: 'solved', message: t('cb.pickSolved') } : null,
      !rated && v.score === undefined ? { path: 'score', message: t('c.pickScore') } : null,
    ].filter((d): d is { path: string; message: string } => d !== null);
    if (missing.length) throw new ApiError(400, 'VALIDATION_FAILED', t('c.checkFields'), missing);
    await post(`/tickets/${tk.id}/callback`, { version: tk.version, ...v, contacted: v.contacted === 'yes' });
    const bad = v.score !== undefined && v.score <= 2;
    // A rectification's callback is the resident's judgement of it: say what it decided.
    const rect = s.rectification ? ` ${t(bad ? 'cb.rect.notPutRight' : 'cb.rect.putRight')}` : '';
    await done((bad ? t('c.reopened') : t('c.closed')) + rect);
  });
  return form;
}

function failedForm(tk: Ticket, s: CallbackStatus, done: Done): HTMLFormElement {
  const last = s.failures + 1 >= s.max_attempts;
  const form = h(
    'form',
    { class: 'stack', 'data-action': 'callback-failed' },
    h('h4', null, t('cb.failedTitle')),
    failureField(),
    field({ name: 'note', label: t('cb.failNote'), type: 'textarea', rows: 1 }),
    last
      ? h('p', { class: 'hint', 'data-last': 'true' }, t('cb.lastAttempt').replaceAll('{n}', String(s.max_attempts)))
      : null,
    h('p', { class: 'error', role: 'alert' }),
    h(
      'button',
      { type: 'submit', class: last ? 'secondary danger' : 'secondary' },
      last ? t('cb.failAndClose') : t('cb.fail'),
    ),
  );
  onSubmit(form, async (v) => {
    if (v.reason === undefined)
      throw new ApiError(400, 'VALIDATION_FAILED', t('c.checkFields'), [
        { path: 'reason', message: t('cb.pickFailReason') },
      ]);
    const after = await post<Ticket>(`/tickets/${tk.id}/callback-failed`, { version: tk.version, ...v });
    await done(
      after.status === 'closed'
        ? t('cb.unreachable')
        : t('cb.failedSaved')
            .replace('{n}', String(s.failures + 1))
            .replace('{max}', String(s.max_attempts)),
    );
  });
  return form;
}

/**
 * The reply's single-use rating link while the resident has not rated, for the operator to read out or text: the
 * public look-up no longer shows it (a department could use it), so the hotline is how it reaches the resident.
 */
function ratingLink(tk: Ticket): HTMLElement {
  const box = h('p', { class: 'hint', 'data-rating-link': tk.id });
  box.hidden = true;
  void get<{ url: string; state: string }>(`/tickets/${tk.id}/rating-link`)
    .then((l) => {
      if (l.state === 'open') {
        fill(box, t('cb.ratingLink'), ' ', h('code', null, l.url));
        box.hidden = false;
      }
    })
    .catch(() => undefined); // no link (an order answered by the hotline): nothing to read out
  return box;
}

/** Whom to call back for a rectification order, and what the answer decides (the department never reads this). */
function rectificationBanner(r: NonNullable<CallbackStatus['rectification']>): HTMLElement {
  return h(
    'div',
    { class: 'banner info', 'data-rectification-callback': '' },
    h(
      'p',
      null,
      t('cb.rect.call'),
      ' ',
      h('strong', { 'data-resident-phone': '' }, r.resident_phone),
      r.resident_name ? ` (${r.resident_name})` : null,
    ),
    h(
      'p',
      null,
      t('cb.rect.review')
        .replace('{number}', r.rated_ticket_number)
        .replace('{score}', `${r.score} ${named('score', r.score)}`)
        .replace('{reason}', r.reason ?? '—'),
    ),
    h('p', { class: 'hint' }, t('cb.rect.rule')),
  );
}

/** The callback section of a replied order's pane; it fills in once the server said whether the resident rated. */
export function callbackForm(tk: Ticket, done: Done): HTMLElement {
  const box = h(
    'div',
    { class: 'callback-box', 'data-callback': tk.id },
    h('h4', null, t('c.callback')),
    h('p', { class: 'placeholder' }, h('span', { class: 'spinner' })),
  );
  void get<CallbackStatus>(`/tickets/${tk.id}/callback`)
    .then((s) => {
      fill(
        box,
        h(
          'h4',
          null,
          t('c.callback'),
          ' ',
          h(
            'span',
            { class: s.failures ? 'badge yellow' : 'badge', 'data-attempts': String(s.failures) },
            t('cb.attempts').replace('{n}', String(s.failures)).replace('{max}', String(s.max_attempts)),
          ),
        ),
        s.rectification ? rectificationBanner(s.rectification) : null,
        attemptList(s.attempts),
        // A rectification is judged by the callback itself, not by a link's rating.
        s.resident_rating || tk.type === 'rectification' ? null : ratingLink(tk),
        answerForm(tk, s, done),
        failedForm(tk, s, done),
      );
    })
    .catch((err) => {
      fill(box, h('p', { class: 'error' }));
      showError(err, box);
    });
  return box;
}
