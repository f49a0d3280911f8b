// The resident's progress look-up (/track): ticket number and the query code of the acceptance text, then the
// status and the public timeline. /track?number=... pre-fills the number (the acceptance text's link); with
// &code=... too it looks up at once.
import '../track/track.css';
import '../track/messages.ts';
import { ApiError, get } from '../api.ts';
import { lang, t, toggleLang, translatePage } from '../i18n.ts';

interface Progress {
  number: string;
  status: string;
  status_name: string;
  department_name: string | null;
  created_at: string;
  due_at: string | null;
  closed_at: string | null;
  events: Array<{
    action: string;
    at: string;
    department_name: string | null;
    into_number: string | null;
    resolution: string | null;
  }>;
}
type Lookup = Progress & { title: string; merged_into: Progress | null };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const CLOSED = ['closed', 'merged'];

const when = (iso: string) =>
  new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

function describe(e: Progress['events'][number]): string {
  const key = `track.event.${e.action}`;
  const text = t(key) === key ? t('track.event.other') : t(key);
  return text.replace('{d}', e.department_name ?? '').replace('{n}', e.into_number ?? '');
}

function el(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function render(found: Lookup) {
  // A merged order is followed: the resident sees the order that carries on the work.
  const shown = found.merged_into ?? found;
  // The status's name from the shared catalogue, in the page's language (status_name is the server's Chinese).
  const badge = el('span', t(`status.${shown.status}`), `badge${CLOSED.includes(shown.status) ? ' closed' : ''}`);
  $('status').replaceChildren(el('span', `${t('track.status')}：`), badge);
  const facts: Array<[string, string | null]> = [
    ['track.number', found.number],
    ['track.subject', found.title],
    ['track.department', shown.department_name],
    ['track.created', when(found.created_at)],
    ['track.due', shown.due_at && !shown.closed_at ? when(shown.due_at) : null],
    ['track.closed', shown.closed_at ? when(shown.closed_at) : null],
  ];
  $('facts').replaceChildren(...facts.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', t(k)), el('dd', v!)]));
  $('merged').hidden = !found.merged_into;
  // The department has replied: how to rate it (好差评). Not the link itself: the look-up's answer carries nothing
  // a department may not read, so the link comes in the reply text (or from the hotline).
  $('rate').hidden = shown.status !== 'replied';
  if (found.merged_into) $('merged').textContent = t('track.merged').replace('{n}', found.merged_into.number);
  $('timeline').replaceChildren(
    ...[...shown.events].reverse().map((e) => {
      const li = document.createElement('li');
      const time = el('time', when(e.at));
      time.setAttribute('datetime', e.at);
      li.append(time, el('span', describe(e)));
      if (e.resolution) li.append(el('p', `${t('track.answer')}${e.resolution}`, 'answer'));
      return li;
    }),
  );
  $('result').hidden = false;
  // On a small phone the answer starts below the keyboard-sized form: bring it into view.
  if ($('result').getBoundingClientRect().top > window.innerHeight * 0.6)
    $('result').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** Too many wrong guesses at this number (not this address): the server says for how long. */
const locked = (err: ApiError) => err.status === 429 && err.details.some((d) => d.path === 'number');

async function lookup(e?: Event) {
  e?.preventDefault();
  const number = $<HTMLInputElement>('number').value.replace(/\s/g, '');
  const code = $<HTMLInputElement>('code').value.trim();
  $('error').textContent = '';
  if (!/^\d{14}$/.test(number)) {
    $('error').textContent = t('track.bad_number');
    return;
  }
  if (!/^\d{6}$/.test(code)) {
    $('error').textContent = t('track.bad_code');
    return;
  }
  const button = $<HTMLButtonElement>('submit');
  button.disabled = true;
  button.textContent = t('track.searching');
  try {
    render(await get<Lookup>(`/public/tickets/${number}?code=${code}`));
  } catch (err) {
    $('result').hidden = true;
    $('error').textContent =
      err instanceof ApiError
        ? err.status === 404
          ? t('track.not_found')
          : locked(err)
            ? err.message
            : err.status === 429
              ? t('track.busy')
              : err.message
        : t('error.generic');
  } finally {
    button.disabled = false;
    button.textContent = t('track.submit');
  }
}

/** Digits only, at most n: a number pasted from a text message with spaces or dashes still fits. */
function digitsOnly(id: string, n: number) {
  const input = $<HTMLInputElement>(id);
  input.addEventListener('input', () => {
    const v = input.value.replace(/\D/g, '').slice(0, n);
    if (v !== input.value) input.value = v;
  });
}

translatePage();
digitsOnly('number', 14);
digitsOnly('code', 6);
$('lang').addEventListener('click', toggleLang);
$('form').addEventListener('submit', lookup);
const query = new URLSearchParams(location.search);
const preset = query.get('number');
if (preset && /^\d{14}$/.test(preset)) {
  $<HTMLInputElement>('number').value = preset;
  const code = query.get('code');
  if (code && /^\d{6}$/.test(code)) {
    $<HTMLInputElement>('code').value = code;
    void lookup();
  } else $<HTMLInputElement>('code').focus();
}
