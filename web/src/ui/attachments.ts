// Attachments on screen (docs/rules/attachments.md "On the pages"): the 附件 section of an order, with a thumbnail
// for each image, and the one upload (multipart, one file a request, with its progress) every picker uses.
import './attachments.css';
import { ApiError, get } from '../api.ts';
import { oneLanguage, say as sayKey, t } from '../i18n.ts';
import type { AttachmentWord } from '../../../server/i18n/attachment-pages.ts';
import type { Params } from '../../../server/i18n/index.ts';
import { h, type Child } from './dom.ts';
import { fmtTime } from './format.ts';

export interface Attachment {
  id: number;
  name: string;
  type: string;
  size: number;
  sha256: string;
  purpose: string;
  thumbnail: boolean;
  created_at: string;
  rating_id?: number | null;
  /** Who uploaded it, when the server names them (a resident's Open311 photo has nobody). */
  uploaded_by_name?: string | null;
}
export type Purpose = 'intake' | 'reply' | 'rectification' | 'appeal';

/** The attachments' own words, from the shared catalogue (server/i18n/attachment-pages.ts). */
export const say = (key: AttachmentWord, params?: Params): string => sayKey(key, params) ?? key;

/** 2.4 MB, 310 KB, 12 B. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The short name of a type: JPEG, PDF, DOCX. */
export function typeName(type: string): string {
  const sub = type.split('/')[1] ?? type;
  if (sub.includes('wordprocessingml')) return 'DOCX';
  if (sub.includes('spreadsheetml')) return 'XLSX';
  return sub.replace(/^x-/, '').toUpperCase();
}

export const purposeName = (p: string): string =>
  p === 'open311' || p === 'intake' || p === 'reply' || p === 'rectification' || p === 'appeal'
    ? say(`att.purpose.${p}`)
    : p;

/** A refusal as the server words it, in the page's language (as api.ts does for JSON requests). */
function refusal(status: number, text: string): ApiError {
  type Worded = { key?: string; params?: Params; message?: string };
  let e: (Worded & { code?: string; details?: Worded[] }) | undefined;
  try {
    e = JSON.parse(text)?.error;
  } catch {
    e = undefined;
  }
  const words = (w: Worded) => (w.key ? sayKey(w.key, w.params) : null) ?? (w.message ? oneLanguage(w.message) : null);
  // The file's own problem (its type, its size) rather than the general "invalid input" around it.
  const said = (Array.isArray(e?.details) ? e.details.map(words).filter(Boolean) : []).join('；');
  return new ApiError(status, e?.code ?? 'HTTP', said || (e ? words(e) : null) || t('error.generic'));
}

/**
 * Uploads one file to the order, telling `progress` the share sent (0-100). The purpose (and an appeal's rating)
 * go before the file, so the server knows what the file is for before it reads it. Resolves with the stored
 * attachment; rejects with the server's refusal in words (a type it does not take, a file too big).
 */
export function upload(
  ticketId: number,
  file: File,
  o: { purpose: Purpose; rating_id?: number },
  progress: (pct: number) => void = () => {},
): Promise<Attachment> {
  const body = new FormData();
  body.append('purpose', o.purpose);
  if (o.rating_id) body.append('rating_id', String(o.rating_id));
  body.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/tickets/${ticketId}/attachments`);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', t('error.network')));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const a = JSON.parse(xhr.responseText) as Attachment;
        document.dispatchEvent(new CustomEvent('attachment-added', { detail: { ticketId, attachment: a } }));
        resolve(a);
      } else reject(refusal(xhr.status, xhr.responseText));
    };
    xhr.send(body);
  });
}

const fileUrl = (a: Attachment) => `/api/v1/attachments/${a.id}`;

/** A small picture of an image (the server's thumbnail), or the type's name for a document. */
export function preview(a: Attachment): HTMLElement {
  return a.thumbnail
    ? h('img', { class: 'att-thumb', src: `${fileUrl(a)}/thumbnail`, alt: a.name, loading: 'lazy' })
    : h('span', { class: 'att-thumb att-doc', 'aria-hidden': 'true' }, typeName(a.type));
}

/** One attachment: its picture, name, type and size, what it is for, who added it and when; a click opens it. */
export function attachmentItem(a: Attachment): HTMLElement {
  const at = fmtTime(a.created_at);
  return h(
    'li',
    { class: 'att', 'data-attachment': a.id, 'data-purpose': a.purpose },
    h(
      'a',
      { href: fileUrl(a), target: '_blank', rel: 'noopener', title: say('att.open', { name: a.name }) },
      preview(a),
    ),
    h(
      'div',
      { class: 'att-facts' },
      h('a', { class: 'att-name', href: fileUrl(a), target: '_blank', rel: 'noopener' }, a.name),
      h(
        'div',
        { class: 'small' },
        h('span', { class: 'badge att-purpose' }, purposeName(a.purpose)),
        ' ',
        h('span', { class: 'muted' }, `${typeName(a.type)} · ${fileSize(a.size)}`),
      ),
      h(
        'div',
        { class: 'muted small' },
        a.uploaded_by_name ? say('att.byAt', { name: a.uploaded_by_name, at }) : say('att.at', { at }),
      ),
    ),
  );
}

/**
 * The 附件 section of an order: every attachment the reader may see, and a control to add more where the page
 * offers one. A file uploaded anywhere on the page for this order (the reply's proof) joins the list at once. An
 * order read without its files (an older server's view) asks for them.
 */
export function attachmentsSection(tk: { id: number; attachments?: Attachment[] }, control?: Child): HTMLElement {
  const list = h('ul', { class: 'att-list' });
  const none = h('p', { class: 'muted small', 'data-none': '' }, say('att.none'));
  const section = h(
    'section',
    { class: 'attachments', 'data-attachments': tk.id },
    h('h4', null, say('att.section')),
    none,
    list,
    control,
  );
  const show = (items: Attachment[]) => {
    for (const a of items) if (!list.querySelector(`[data-attachment="${a.id}"]`)) list.append(attachmentItem(a));
    none.hidden = list.childElementCount > 0;
    section.hidden = list.childElementCount === 0 && !control;
  };
  show(tk.attachments ?? []);
  if (!tk.attachments)
    void get<{ items: Attachment[] }>(`/tickets/${tk.id}/attachments`)
      .then(({ items }) => show(items))
      .catch(() => {});
  prune();
  shown.add({ id: tk.id, section, show });
  return section;
}

/** The sections on screen: a file stored for their order joins them (drawn again, an old one is let go). */
const shown = new Set<{ id: number; section: HTMLElement; show: (items: Attachment[]) => void }>();
document.addEventListener('attachment-added', (e) => {
  const { ticketId, attachment } = (e as CustomEvent<{ ticketId: number; attachment: Attachment }>).detail;
  for (const s of shown) {
    if (!s.section.isConnected) shown.delete(s);
    else if (s.id === ticketId) s.show([attachment]);
  }
});
const prune = () => {
  for (const s of shown) if (!s.section.isConnected) shown.delete(s);
};

/**
 * The files a department sent with its appeal of a review (申诉材料), for the supervisor deciding it: those of the
 * review's rectification order that name it. Drawn when they arrive; nothing when there are none.
 */
export function appealMaterial(r: { id: number; rectification_ticket_id: number | null }): HTMLElement {
  const el = h('section', { class: 'attachments', 'data-appeal-material': r.id, hidden: true });
  if (r.rectification_ticket_id)
    void get<{ items: Attachment[] }>(`/tickets/${r.rectification_ticket_id}/attachments`)
      .then(({ items }) => {
        const mine = items.filter((a) => a.rating_id === r.id);
        if (!mine.length) return;
        el.append(h('h4', null, say('att.purpose.appeal')), h('ul', { class: 'att-list' }, mine.map(attachmentItem)));
        el.hidden = false;
      })
      .catch(() => {}); // the decision does not wait for the files: the card stands without them
  return el;
}
