// Toasts: a short note that something went well (or a refusal with no better place), placed where it covers
// nothing the person is working on. A fixed corner did: at 1366x768 the bottom-right one sat on the order pane's
// actions, and on a 390-pixel phone on the intake form's sticky buttons. So each toast is put in the first corner
// clear of the control last used, then of the form or pane around it.
import { oneLanguage } from '../i18n.ts';
import { h } from './dom.ts';

/**
 * What the person last pressed or focused: the control, the form or action row around it, and the pane or card
 * around that, in the order they matter, each with where it was then (a pane may redraw the control away before
 * the toast shows: "已签收" comes as the pane turns to the reply form).
 */
let work: { el: Element; rect: DOMRect }[] = [];
function remember(e: Event) {
  const el = e.target;
  if (!(el instanceof Element) || el.closest('#toasts')) return;
  const chain = [
    el.closest('button, a, input, select, textarea, label, [role=tab]') ?? el,
    el.closest('form, .actions, .ticket-actions, fieldset'),
    el.closest('.detail, .card, dialog'),
  ].filter((x): x is Element => !!x);
  work = chain.map((x) => ({ el: x, rect: x.getBoundingClientRect() }));
}
document.addEventListener('pointerdown', remember, true);
document.addEventListener('focusin', remember, true);

const MAX_SHOWN = 3;
const GAP = 12;

type Corner = 'bottom-right' | 'top-right' | 'bottom-left' | 'top-left';

/**
 * Where those are now (or were, if gone from the page), and last the pane's whole column: a pane grows as it
 * redraws after the action (签收 turns it into the reply form), below where it ended when the toast came.
 */
function avoid(): DOMRect[] {
  const rects = work.map((w) => (w.el.isConnected ? w.el.getBoundingClientRect() : w.rect));
  const pane = rects.at(-1);
  return pane ? [...rects, new DOMRect(pane.x, 0, pane.width, window.innerHeight)] : rects;
}

/** Compares overlaps in order of importance: the control first, then its form, then its pane. */
function less(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

const overlap = (a: DOMRect, b: DOMRect) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

function place(area: HTMLElement, corner: Corner) {
  const header = document.querySelector('header.bar')?.getBoundingClientRect();
  const top = Math.max(GAP, (header?.bottom ?? 0) + GAP);
  const narrow = window.innerWidth < 600;
  const s = area.style;
  s.top = corner.startsWith('top') ? `${top}px` : 'auto';
  s.bottom = corner.startsWith('bottom') ? `${GAP}px` : 'auto';
  s.left = narrow || corner.endsWith('left') ? `${GAP}px` : 'auto';
  s.right = narrow || corner.endsWith('right') ? `${GAP}px` : 'auto';
  area.dataset.corner = corner;
}

/** The first corner clear of the control; among those, the one covering least of its form, then of its pane. */
function arrange(area: HTMLElement) {
  const rects = avoid();
  const corners: Corner[] =
    window.innerWidth < 600 ? ['bottom-right', 'top-right'] : ['bottom-right', 'top-right', 'bottom-left', 'top-left'];
  let best: { corner: Corner; score: number[] } | null = null;
  for (const corner of corners) {
    place(area, corner);
    const box = area.getBoundingClientRect();
    const score = rects.map((r) => overlap(box, r));
    if (!best || less(score, best.score)) best = { corner, score };
    if (score.every((v) => v === 0)) break;
  }
  if (best) place(area, best.corner);
}

export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  // Over a modal dialog only what is inside it shows (the top layer): the toast goes with it.
  const host = document.querySelector('dialog[open]') ?? document.body;
  let area = document.getElementById('toasts');
  if (!area) area = h('div', { id: 'toasts', 'aria-live': 'polite' });
  if (area.parentElement !== host) {
    host.append(area);
    // When the dialog closes (or goes), its toasts come back to the page instead of leaving with it.
    const toasts = area;
    if (host !== document.body)
      host.addEventListener(
        'close',
        () => {
          if (toasts.parentElement === host) document.body.append(toasts);
        },
        { once: true },
      );
  }
  const note = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, oneLanguage(message));
  // At most a few stay, the oldest going first.
  area.append(note);
  while (area.children.length > MAX_SHOWN) area.firstElementChild!.remove();
  arrange(area);
  setTimeout(() => note.remove(), kind === 'error' ? 8000 : 4000);
}
