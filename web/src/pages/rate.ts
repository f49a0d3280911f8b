// The resident's rating page (/rate/:token), opened from a QR code or a ticket's link, usually on a phone.
// Five levels with their names; a bad rating (1-2) needs a reason, chosen from a list or typed; then a clear
// thank-you. A used, expired, stopped or forged link gets a plain message instead of the form; a rating refused
// on submission keeps the form as the resident filled it, and says why.
import '../rate/rate.css';
import '../rate/messages.ts';
import { ApiError, get, post } from '../api.ts';
import { t, toggleLang, translatePage } from '../i18n.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const token = decodeURIComponent(location.pathname.replace(/^\/rate\//, '').replace(/\/$/, ''));
let score = 0;
/** The form has been shown: a retry goes back to it, the resident's choices intact. */
let loaded = false;
const chosen = new Set<string>();

function show(id: 'loading' | 'form' | 'done' | 'notice') {
  for (const s of ['loading', 'form', 'done', 'notice']) $(s).hidden = s !== id;
}

function notice(kind: Exclude<Refusal, 'refused'>, text?: string) {
  $('notice-title').textContent = t(`rate.${kind}.title`);
  $('notice-text').textContent = text ?? t(`rate.${kind}.text`);
  // A phone without signal or a busy moment is worth another try; a used or forged link is not.
  $('retry').hidden = kind !== 'network' && kind !== 'busy';
  show('notice');
}

type Refusal = 'used' | 'expired' | 'inactive' | 'invalid' | 'busy' | 'network' | 'refused';
/** Refusals a later try may get through; the others end this link or code. */
const PASSING: Refusal[] = ['busy', 'network', 'refused'];
/** A final refusal: submitting again would be refused again. */
let closed = false;

/**
 * A submission refused: the form stays as the resident left it (their stars, reasons and words), with why in
 * words and what to do next, so nothing they typed is lost.
 */
function refuse(err: unknown) {
  let kind: Refusal = 'network';
  // The notice's network text points at a 重试 button; here the resident taps 提交评价 again.
  let text: string | null = t('rate.network.submit');
  if (err instanceof ApiError && err.status !== 0) {
    text = null;
    if (err.status === 400) {
      $('error').textContent =
        err.details[0]?.path === 'reason' ? t('rate.reason_missing') : err.details[0]?.message || err.message;
      return;
    }
    kind =
      err.status === 404
        ? 'invalid'
        : err.status === 429
          ? 'busy'
          : err.code === 'ALREADY_EXISTS'
            ? 'used'
            : err.code === 'RATING_TOKEN_EXPIRED'
              ? 'expired'
              : err.code === 'RATING_TOKEN_INACTIVE'
                ? 'inactive'
                : 'refused';
    if (kind === 'refused') text = err.message;
  }
  closed = !PASSING.includes(kind);
  $('refusal-title').textContent = t(`rate.${kind}.title`);
  $('refusal-text').textContent = text ?? t(`rate.${kind}.text`);
  $('refusal-kept').textContent = t(closed ? 'rate.kept.final' : 'rate.kept.retry');
  $('refusal').hidden = false;
  $('refusal').scrollIntoView({ block: 'center' });
}

/** Any refusal from the server becomes one of the messages above, never a broken page. */
function explain(err: unknown) {
  if (err instanceof ApiError) {
    if (err.status === 404) return notice('invalid');
    if (err.status === 429) return notice('busy');
    if (err.code === 'ALREADY_EXISTS') return notice('used');
    if (err.code === 'RATING_TOKEN_EXPIRED') return notice('expired');
    if (err.code === 'RATING_TOKEN_INACTIVE') return notice('inactive');
    $('error').textContent = err.details[0]?.path === 'reason' ? t('rate.reason_missing') : err.message;
    return;
  }
  $('error').textContent = t('error.generic');
}

function renderTarget(s: Record<string, string | null>) {
  const rows = [
    ['rate.department', s.department_name],
    ['rate.window', s.window_name],
    ['rate.staff', s.staff_name],
    ['rate.ticket', s.ticket_number],
  ];
  $('target').replaceChildren(
    ...rows
      .filter(([, v]) => v)
      .flatMap(([k, v]) => {
        const dt = document.createElement('dt');
        dt.textContent = t(k!);
        const dd = document.createElement('dd');
        dd.textContent = v!;
        return [dt, dd];
      }),
  );
}

function renderLevels() {
  $('levels').replaceChildren(
    ...[5, 4, 3, 2, 1].map((n) => {
      const label = document.createElement('label');
      label.className = `level${n <= 2 ? ' bad' : ''}`;
      label.dataset.score = String(n);
      const input = document.createElement('input');
      Object.assign(input, { type: 'radio', name: 'score', value: String(n) });
      input.addEventListener('change', () => choose(n));
      const stars = document.createElement('span');
      stars.className = 'stars';
      stars.setAttribute('aria-hidden', 'true');
      stars.innerHTML = `${'★'.repeat(n)}<span class="off">${'★'.repeat(5 - n)}</span>`;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = t(`rate.level.${n}`);
      label.append(input, stars, name);
      return label;
    }),
  );
  $('reasons').replaceChildren(
    ...t('rate.reasons')
      .split('|')
      .map((text) => {
        const b = document.createElement('button');
        Object.assign(b, { type: 'button', className: 'chip', textContent: text });
        b.setAttribute('aria-pressed', 'false');
        b.addEventListener('click', () => {
          if (chosen.has(text)) chosen.delete(text);
          else chosen.add(text);
          b.setAttribute('aria-pressed', String(chosen.has(text)));
          $('error').textContent = '';
        });
        return b;
      }),
  );
}

function choose(n: number) {
  score = n;
  $('reason-box').hidden = n > 2;
  $<HTMLButtonElement>('submit').disabled = false;
  $('error').textContent = '';
}

function reason(): string {
  return [...chosen, $<HTMLTextAreaElement>('reason-text').value.trim()].filter(Boolean).join('；');
}

async function submit(e: Event) {
  e.preventDefault();
  if (!score) return;
  const why = score <= 2 ? reason() : '';
  if (score <= 2 && !why) {
    $('error').textContent = t('rate.reason_missing');
    $('reason-text').focus();
    return;
  }
  const button = $<HTMLButtonElement>('submit');
  button.disabled = true;
  button.textContent = t('rate.submitting');
  $('refusal').hidden = true;
  try {
    const comment = $<HTMLTextAreaElement>('comment').value.trim();
    await post('/public/ratings', { token, score, ...(why ? { reason: why } : {}), ...(comment ? { comment } : {}) });
    const stars = document.createElement('span');
    stars.className = 'stars';
    stars.textContent = '★'.repeat(score);
    $('done-level').replaceChildren(stars, ` ${t(`rate.level.${score}`)}`);
    $('done-text').textContent = t(score <= 2 ? 'rate.thanks_bad' : 'rate.thanks_good');
    show('done');
  } catch (err) {
    refuse(err);
  } finally {
    button.disabled = closed;
    button.textContent = t('rate.submit');
  }
}

async function load() {
  show('loading');
  try {
    const state = await get(`/public/rating-tokens/${encodeURIComponent(token)}`);
    if (state.state !== 'open') return notice(state.state);
    renderTarget(state);
    renderLevels();
    loaded = true;
    show('form');
  } catch (err) {
    if (err instanceof ApiError && err.status !== 0) return explain(err);
    notice('network');
  }
}

translatePage();
document.title = t('rate.title');
$('lang').addEventListener('click', toggleLang);
$('form').addEventListener('submit', submit);
$('retry').addEventListener('click', () => (loaded ? show('form') : void load()));
void load();
