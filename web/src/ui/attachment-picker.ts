// A file picker for an order's attachments: a photo from the camera (on a phone) or photos and files, each listed
// with its name, size and progress, and the server's words when it refuses one (a type it does not take, a file too
// big). Either it uploads each file as soon as it is chosen (the reply's proof, rectification, an appeal), or it
// keeps them until the order exists (intake) and uploads them then.
import { ApiError } from '../api.ts';
import { h } from './dom.ts';
import { fileSize, preview, say, upload, type Attachment, type Purpose } from './attachments.ts';
import type { TicketDetail } from './ticket.ts';

type State = 'waiting' | 'uploading' | 'uploaded' | 'failed';
interface Item {
  file: File;
  state: State;
  el: HTMLElement;
  status: HTMLElement;
  /** Offered while the file is not on the order: an uploaded file is on record and stays. */
  remove?: HTMLButtonElement;
  done?: Promise<void>;
}

let seq = 0;

export interface PickerOptions {
  purpose: Purpose;
  label: string;
  hint?: string;
  /** Upload as soon as chosen, to this order; without it the files wait for uploadAll(ticketId). */
  ticketId?: number;
  rating_id?: number;
  /** One line in a row of fields (the intake form): files only, no camera, the hint as a tooltip. */
  compact?: boolean;
}

export class AttachmentPicker {
  readonly el: HTMLElement;
  private list = h('ul', { class: 'att-picked' });
  private items: Item[] = [];

  constructor(private readonly o: PickerOptions) {
    const id = `att-${++seq}`;
    // Two inputs: the camera straight away on a phone, and the phone's photos or the computer's files.
    const input = (kind: 'photo' | 'files', props: Record<string, unknown>, label: string) => {
      const el = h('input', {
        type: 'file',
        id: `${id}-${kind}`,
        class: 'visually-hidden',
        'data-attach': kind,
        'data-purpose': o.purpose,
        ...props,
      });
      el.addEventListener('change', () => {
        this.add([...(el.files ?? [])]);
        el.value = ''; // the same file may be chosen again after a refusal
      });
      return [el, h('label', { for: el.id, class: 'button secondary att-choose' }, label)];
    };
    this.el = h(
      'fieldset',
      { class: o.compact ? 'att-picker compact' : 'att-picker', 'data-picker': o.purpose, title: o.compact && o.hint },
      h('legend', null, o.label),
      o.hint && !o.compact ? h('small', { class: 'hint' }, o.hint) : null,
      h(
        'div',
        { class: 'att-actions' },
        o.compact ? null : input('photo', { accept: 'image/*', capture: 'environment' }, say('att.photo')),
        input('files', { multiple: true }, say('att.files')),
      ),
      this.list,
    );
  }

  private add(files: File[]): void {
    for (const file of files) {
      const status = h('span', { class: 'att-status muted small', role: 'status' }, say('att.waiting'));
      const item: Item = { file, state: 'waiting', status, el: h('li') };
      const remove = h(
        'button',
        {
          type: 'button',
          class: 'link att-remove',
          'aria-label': say('att.remove', { name: file.name }),
          onclick: () => this.remove(item),
        },
        '×',
      );
      item.el = h(
        'li',
        { class: 'att-file', 'data-file': file.name },
        h('span', { class: 'att-name' }, file.name),
        h('span', { class: 'muted small' }, fileSize(file.size)),
        status,
        remove,
      );
      item.remove = remove;
      this.items.push(item);
      this.list.append(item.el);
      if (this.o.ticketId) void this.send(item, this.o.ticketId);
    }
  }

  private remove(item: Item): void {
    this.items = this.items.filter((i) => i !== item);
    item.el.remove();
  }

  private send(item: Item, ticketId: number): Promise<void> {
    item.state = 'uploading';
    item.el.dataset.state = 'uploading';
    if (item.remove) item.remove.hidden = true;
    const bar = h('progress', { max: 100, value: 0 });
    const pct = h('span', null, say('att.uploading', { pct: 0 }));
    item.status.className = 'att-status small';
    item.status.replaceChildren(bar, ' ', pct);
    item.done = upload(ticketId, item.file, { purpose: this.o.purpose, rating_id: this.o.rating_id }, (p) => {
      bar.value = p;
      pct.textContent = say('att.uploading', { pct: p });
    }).then(
      (a: Attachment) => {
        item.state = 'uploaded';
        item.el.dataset.state = 'uploaded';
        item.el.dataset.attachment = String(a.id);
        item.status.className = 'att-status ok small';
        item.status.replaceChildren(say('att.uploaded'));
        if (a.thumbnail) item.el.prepend(preview(a));
      },
      (err: unknown) => {
        item.state = 'failed';
        item.el.dataset.state = 'failed';
        if (item.remove) item.remove.hidden = false;
        item.status.className = 'att-status att-failed small';
        item.status.setAttribute('role', 'alert');
        item.status.replaceChildren(err instanceof ApiError ? err.message : String(err));
      },
    );
    return item.done;
  }

  /** Waits for the uploads under way (a reply is sent after its proof is stored). */
  async settled(): Promise<void> {
    await Promise.all(this.items.map((i) => i.done));
  }

  /**
   * Uploads the files still to go (chosen before the order existed, or refused last time) to the order; answers
   * the names of those that were not stored, each showing why.
   */
  async uploadAll(ticketId: number): Promise<string[]> {
    const toGo = this.items.filter((i) => i.state === 'waiting' || i.state === 'failed');
    await Promise.all(toGo.map((i) => this.send(i, ticketId)));
    return this.items.filter((i) => i.state === 'failed').map((i) => i.file.name);
  }

  /** Forgets every file (the next call's form starts empty). */
  clear(): void {
    this.items = [];
    this.list.replaceChildren();
  }

  get count(): number {
    return this.items.length;
  }
}

/** A picker that uploads at once, for a form of an order that exists. */
export const pickerFor = (ticketId: number, purpose: Purpose, label: string, hint?: string, rating_id?: number) =>
  new AttachmentPicker({ ticketId, purpose, label, hint, rating_id });

/** Set by a page whose reader adds material to any order they open (the hotline's operators and supervisors). */
let offered = false;
export const offerUploads = (on: boolean): void => {
  offered = on;
};

/**
 * The 附件 section's own upload, on a page that offers it (offerUploads): more material from the resident or the
 * hotline (受理材料), or 整改材料 on a rectification order. A handler's files go with the reply (its proof).
 */
export function uploadControl(tk: Pick<TicketDetail, 'id' | 'type' | 'status'>): HTMLElement | null {
  if (!offered || tk.status === 'merged') return null;
  const purpose: Purpose = tk.type === 'rectification' ? 'rectification' : 'intake';
  return pickerFor(tk.id, purpose, say('att.upload'), say('att.uploadHint')).el;
}

/** The proof a reply carries: 办结佐证, or 整改材料 on a rectification order (差评整改). */
export function proofPicker(tk: Pick<TicketDetail, 'id' | 'type'>): AttachmentPicker {
  return tk.type === 'rectification'
    ? pickerFor(tk.id, 'rectification', say('att.rectification'), say('att.proofHint'))
    : pickerFor(tk.id, 'reply', say('att.proof'), say('att.proofHint'));
}
