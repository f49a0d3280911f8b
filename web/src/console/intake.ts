// One screen for a call: log the call, write the order, and dispatch it (or answer it, or merge it into the
// order it repeats), with duplicates shown while typing and the knowledge base beside it.
//
// A phone order belongs to the call it came from. Where the telephone system reports calls, the order is linked to
// the call it reported (GET /calls/current) and no call is added, so no call counts twice; only without one does
// the console log the call, from when the operator began taking it, with the wait unknown. An order written while
// calling a resident back (the missed-calls queue) is no inbound call at all: it closes that callback instead.
import { api, ApiError, get, post } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { debounce, h, fill, $ } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { duration, fmtTime } from '../ui/format.ts';
import { named, TYPES } from '../ui/names.ts';
import { clearErrors, onSubmit, toast, type FormValues } from '../ui/notice.ts';
import { alerts, statusBadge, type Ticket } from '../ui/ticket.ts';
import { defaultDepartment, departmentSelect, fieldError, type Catalogue } from './actions.ts';
import { categoryLabel, pickable } from '../ui/category-label.ts';
import { coUnitsPicker, type CoUnitsPicker } from './co-units.ts';
import { KnowledgePanel } from './knowledge.ts';
import { SuggestionLine, type Suggestion } from './suggestion.ts';
import { AttachmentPicker } from '../ui/attachment-picker.ts';
import { say } from '../ui/attachments.ts';
import { areaSelect, areaWord } from './area-picker.ts';

type Mode = 'dispatch' | 'save' | 'answer' | { into: Ticket };

/** An Idempotency-Key; randomUUID exists only on https or localhost, and an office intranet may serve plain http. */
const newKey = () =>
  crypto.randomUUID?.() ??
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export class Intake {
  readonly el: HTMLElement;
  private form!: HTMLFormElement;
  private dupes = h('div', { class: 'card dupes', id: 'dupes', hidden: true });
  private knowledge: KnowledgePanel;
  /** When the operator began taking this call: null while the form waits for the next one. */
  private started: Date | null = null;
  /** When the previous order was done: a call that started before it is not this one. */
  private since: Date | null = null;
  private callId: number | null = null;
  /** The missed call being returned, when this order comes from calling a resident back. */
  private callback: { id: number; phone: string } | null = null;
  /** The call of the order just written, for another order from the same call. */
  private last: { callId: number | null; phone: string; started: Date | null } | null = null;
  private callbackNote = h('p', { class: 'small', id: 'callback-note', role: 'status', hidden: true });
  private created: Ticket | null = null;
  private key = newKey();
  private articleId: number | null = null;
  private timer = h('span', { class: 'muted', id: 'call-timer' });
  private duplicatesAvailable = true;
  private duplicates: Ticket[] = [];
  /** The category and unit the operator chose by hand: a suggestion never replaces them. */
  private byHand = { category: false, department: false };
  /** 会办: the co-units added to the dispatch (co-units.ts). */
  private co: CoUnitsPicker | null = null;
  /** 受理材料: photos and documents the caller sent, uploaded once the order exists. */
  private files = new AttachmentPicker({
    purpose: 'intake',
    label: say('att.intake'),
    hint: say('att.intakeHint'),
    compact: true,
  });
  private suggestion = new SuggestionLine({
    text: () => ({
      title: this.value('title'),
      description: this.value('description'),
      address: this.value('address'),
    }),
    state: (s) => this.suggestionState(s),
    adopt: (s) => this.adoptSuggestion(s),
  });

  constructor(
    private readonly c: Catalogue,
    private readonly openOrder: (id: number) => void,
    private readonly callbackDone: () => void = () => {},
  ) {
    this.knowledge = new KnowledgePanel((text, id) => this.useArticle(text, id));
    this.el = h('div', { class: 'cols-2' }, this.formCard(), h('div', null, this.dupes, this.knowledge.el));
    setInterval(() => this.tick(), 1000);
    this.tick();
  }

  /** The operator takes a new call (新来电): an empty form, timed from now. */
  newCall(): void {
    this.reset();
    this.begin();
  }

  /** An order from calling back a missed number: no inbound call is logged; the callback is closed with it. */
  fromCallback(id: number, phone: string): void {
    this.reset(phone);
    this.callback = { id, phone };
    this.callbackNote.textContent = t('c.fromCallback').replace('{phone}', phone);
    this.callbackNote.hidden = false;
    this.begin();
  }

  /** Another order from the call just logged (the caller has a second matter): the same call, not a new one. */
  private sameCall(): void {
    const last = this.last;
    this.reset(last?.phone ?? '');
    if (!last) return;
    this.callId = last.callId;
    this.started = last.started;
    this.tick();
  }

  /** An empty form, waiting for a call; a fresh idempotency key. */
  private reset(phone = ''): void {
    this.form.reset();
    clearErrors(this.form);
    this.started = null;
    this.callId = null;
    this.callback = null;
    this.callbackNote.hidden = true;
    this.created = null;
    this.key = newKey();
    this.useArticle('', null);
    this.knowledge.reset();
    this.byHand = { category: false, department: false };
    this.co?.clear();
    this.files.clear();
    this.suggestion.reset();
    (this.form.elements.namedItem('caller_phone') as HTMLInputElement).value = phone;
    this.typeChanged();
    this.dupes.hidden = true;
    this.tick();
    (this.form.elements.namedItem(phone ? 'caller_name' : 'caller_phone') as HTMLInputElement).focus();
  }

  /** The call begins when the operator starts on it: the 新来电 button, or the first thing typed. */
  private begin(): void {
    if (this.started) return;
    this.started = new Date();
    this.tick();
  }

  private tick(): void {
    if (!this.started) {
      this.timer.textContent = t('c.noCall');
      return;
    }
    const s = Math.floor((Date.now() - this.started.getTime()) / 1000);
    this.timer.textContent = t(this.callback ? 'c.callbackSince' : 'c.callSince')
      .replace('{at}', fmtTime(this.started.toISOString()).slice(11))
      .replace('{d}', s < 60 ? `${s}${lang() === 'en' ? ' s' : '秒'}` : duration(s, lang() === 'en'));
  }

  private formCard(): HTMLElement {
    const c = this.c;
    const categories = h(
      'select',
      { name: 'category_id', id: 'category_id', 'data-type': 'number' },
      h('option', { value: '' }, t('c.pickCategory')),
      pickable(c.categories).map((x) => h('option', { value: String(x.id), 'data-name': x.name }, categoryLabel(x))),
    );
    const departments = departmentSelect(c, 'department_id', null);
    this.co = coUnitsPicker(c, departments);
    categories.addEventListener('change', () => {
      // The dispatch catalogue names each category's department; the operator may still choose another.
      const d = defaultDepartment(c, Number(categories.value) || null, this.value('address'));
      if (d) departments.value = String(d);
      this.byHand.category = categories.value !== '';
      this.suggestion.refresh();
      this.lookForDuplicates();
    });
    departments.addEventListener('change', () => {
      this.byHand.department = departments.value !== '';
      this.suggestion.refresh();
    });
    // Shown for inquiries, above the buttons: answering on the phone is the usual end of an inquiry.
    const answer = h(
      'fieldset',
      { class: 'answer-box', id: 'answer-box', hidden: true },
      h('legend', null, t('c.answer')),
      h('p', { class: 'muted small', id: 'article-used' }),
      field({
        name: 'resolution',
        label: t('c.answerText'),
        type: 'textarea',
        rows: 2,
        placeholder: t('c.answerHint'),
      }),
      h('button', { type: 'submit', class: 'primary ok', value: 'answer', 'data-mode': 'answer' }, t('c.answerClose')),
    );
    this.form = h(
      'form',
      { class: 'card stack', id: 'intake-form', autocomplete: 'off' },
      h(
        'div',
        { class: 'toolbar' },
        h('h2', { class: 'grow' }, t('c.newOrder')),
        this.timer,
        h(
          'button',
          { type: 'button', class: 'secondary small', id: 'new-call', onclick: () => this.newCall() },
          t('c.newCall'),
        ),
      ),
      this.callbackNote,
      h(
        'div',
        { class: 'row' },
        field({ name: 'caller_phone', label: t('t.phone'), type: 'tel', placeholder: '138xxxxxxxx' }),
        field({ name: 'caller_name', label: t('t.caller') }),
        field({
          name: 'channel',
          label: t('t.channel'),
          type: 'select',
          options: ['phone', 'web', 'wechat'].map((x) => [x, named('channel', x)]),
        }),
      ),
      h(
        'div',
        { class: 'row' },
        field({
          name: 'type',
          label: t('t.type'),
          type: 'select',
          value: 'complaint',
          options: TYPES.map((x) => [x, named('type', x)]),
        }),
        field({
          name: 'urgency',
          label: t('t.urgency'),
          type: 'select',
          options: ['normal', 'urgent'].map((x) => [x, named('urgency', x)]),
        }),
        h('div', { class: 'field' }, h('label', { for: 'category_id' }, t('t.category')), categories),
        h('div', { class: 'field' }, h('label', { for: departments.id }, t('t.department')), departments),
      ),
      this.co.el,
      field({ name: 'title', label: t('t.title'), required: true }),
      field({ name: 'description', label: t('t.description'), type: 'textarea', rows: 3, required: true }),
      this.suggestion.el,
      h(
        'div',
        { class: 'row' },
        field({ name: 'address', label: t('t.address') }),
        // 所属区域: picked, or left for the server to recognise from the address (docs/rules/intake.md "Location").
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'area_unit_id' }, areaWord('field.area')),
          areaSelect(c.departments),
        ),
        field({ name: 'confidential', label: t('c.confidential'), type: 'checkbox' }),
        // Beside the address, so the form grows no taller and 派单 stays in view at 1366x768.
        this.files.el,
      ),
      answer,
      h('p', { class: 'error', role: 'alert' }),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'submit', class: 'primary', value: 'dispatch', 'data-mode': 'dispatch' },
          t('c.createDispatch'),
        ),
        h('button', { type: 'submit', class: 'secondary', value: 'save', 'data-mode': 'save' }, t('c.createOnly')),
        h('span', { id: 'last-order', class: 'muted small' }),
      ),
    );
    (this.form.elements.namedItem('type') as HTMLSelectElement).addEventListener('change', () => this.typeChanged());
    this.form.addEventListener('input', () => this.begin());
    // Enter in a field submits nothing: the form's first submit button is 直接答复并办结 whenever the answer box shows,
    // and an order is dispatched, answered or merged only by the button that says so.
    this.form.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if (
        e.key === 'Enter' &&
        target instanceof HTMLInputElement &&
        !['button', 'submit', 'checkbox', 'radio'].includes(target.type)
      )
        e.preventDefault();
    });
    const look = debounce(() => this.lookForDuplicates(), 400);
    for (const name of ['caller_phone', 'address'])
      (this.form.elements.namedItem(name) as HTMLInputElement).addEventListener('input', look);
    const search = debounce(() => {
      const category = categories.selectedOptions[0]?.dataset.name ?? '';
      return this.knowledge.search(`${this.value('title')} ${category}`.trim(), true);
    }, 600);
    (this.form.elements.namedItem('title') as HTMLInputElement).addEventListener('input', search);
    // The suggested category and unit follow the words (and the address, for the unit) as they are typed.
    for (const name of ['title', 'description', 'address'])
      (this.form.elements.namedItem(name) as HTMLInputElement).addEventListener('input', this.suggestion.typed);
    onSubmit(this.form, (v, button) => {
      const mode = button?.dataset.mode ?? 'dispatch';
      const into = this.duplicates.find((d) => d.id === Number(button?.dataset.into));
      return this.submit(v, mode === 'merge' && into ? { into } : (mode as Mode));
    });
    this.typeChanged();
    return this.form;
  }

  private value(name: string): string {
    return (this.form.elements.namedItem(name) as HTMLInputElement).value.trim();
  }

  private select(name: string): HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLSelectElement;
  }

  /** What the form holds against a suggestion (see SuggestionHost.state). */
  private suggestionState(s: Suggestion): 'open' | 'adopted' | 'kept' {
    const category = Number(this.select('category_id').value) || null;
    if (this.byHand.category && category !== s.category.id) return 'kept';
    const unit = Number(this.select('department_id').value) || null;
    const unitDone = this.byHand.department || !s.department || unit === s.department.id;
    return category === s.category.id && unitDone ? 'adopted' : 'open';
  }

  /** 采用: the suggested category, and its unit (or the catalogue's), where the operator has not chosen by hand. */
  private adoptSuggestion(s: Suggestion): void {
    const has = (el: HTMLSelectElement, id: number) => [...el.options].some((o) => o.value === String(id));
    const categories = this.select('category_id');
    const departments = this.select('department_id');
    if (!this.byHand.category && has(categories, s.category.id)) categories.value = String(s.category.id);
    const unit = s.department?.id ?? defaultDepartment(this.c, s.category.id, this.value('address'));
    if (!this.byHand.department && unit && has(departments, unit)) departments.value = String(unit);
    void this.lookForDuplicates();
  }

  /** Inquiries may be answered on the phone (直接答复) instead of dispatched. */
  private typeChanged(): void {
    $('#answer-box', this.form).hidden = this.value('type') !== 'inquiry';
  }

  private useArticle(text: string, id: number | null): void {
    this.articleId = id;
    const note = $('#article-used', this.form);
    if (!id) {
      note.textContent = '';
      return;
    }
    (this.form.elements.namedItem('type') as HTMLSelectElement).value = 'inquiry';
    this.typeChanged();
    (this.form.elements.namedItem('resolution') as HTMLTextAreaElement).value = text;
    note.textContent = t('c.articleUsed');
  }

  private async submit(v: FormValues, mode: Mode): Promise<void> {
    if (mode === 'dispatch' && !v.department_id) throw fieldError('department_id', t('c.pickDept'));
    if (mode === 'answer' && !v.resolution) throw fieldError('resolution', t('c.answerNeeded'));
    const { resolution, ...order } = v;
    // The call is found or logged once, however many times the order is retried.
    if (v.channel === 'phone' && !this.callback && this.callId === null)
      this.callId = await this.callOf(v.caller_phone ?? '');
    if (mode !== 'dispatch') delete order.department_id;
    else if (this.co?.ids().length) order.co_department_ids = this.co.ids();
    // The Idempotency-Key makes a retry after a lost answer return the same order, not a second one.
    this.created ??= await api<Ticket>(
      'POST',
      '/tickets',
      { ...order, call_id: this.callId ?? undefined },
      { 'Idempotency-Key': this.key },
    );
    const tk = this.created;
    // The files go up once the order exists; one refused keeps the form (and the order) for it to be removed or
    // replaced, and submitting again goes on from here.
    const failed = await this.files.uploadAll(tk.id);
    if (failed.length)
      throw new ApiError(0, 'ATTACHMENT_REFUSED', say('att.intakeFailed', { number: tk.number, names: failed }));
    let message = t('c.created').replace('{number}', tk.number);
    if (mode === 'dispatch')
      message = t('c.createdDispatched')
        .replace('{number}', tk.number)
        .replace('{dept}', this.c.departments.find((d) => d.id === tk.department_id)?.name ?? '');
    if (mode === 'answer') {
      await post(`/tickets/${tk.id}/answer`, {
        version: tk.version,
        resolution,
        article_id: this.articleId ?? undefined,
      });
      message = t('c.createdAnswered').replace('{number}', tk.number);
    }
    if (typeof mode === 'object') {
      await post(`/tickets/${tk.id}/merge`, { version: tk.version, into_ticket_id: mode.into.id });
      message = t('c.createdMerged').replace('{number}', tk.number).replace('{into}', mode.into.number);
    }
    if (this.callback) message += await this.closeCallback(this.callback.id, tk);
    toast(message);
    const fromCall = v.channel === 'phone' && !this.callback;
    this.last = fromCall ? { callId: this.callId, phone: v.caller_phone ?? '', started: this.started } : null;
    this.showLast(tk);
    this.reset();
    this.since = new Date();
  }

  /**
   * The call this phone order came from: the one the telephone system reported for this operator (or from this
   * number), else logged here. The operator's own log has no wait: nobody at the console measured it.
   */
  private async callOf(phone: string): Promise<number> {
    const params = new URLSearchParams();
    if (/^\+?\d{3,}$/.test(phone.replace(/[\s().-]/g, ''))) params.set('phone', phone);
    if (this.since) params.set('since', this.since.toISOString());
    const { call } = await get<{ call: { id: number } | null }>(`/calls/current?${params}`);
    if (call) return call.id;
    const started = this.started ?? new Date();
    const talk = Math.max(0, Math.floor((Date.now() - started.getTime()) / 1000));
    const logged = await post<{ id: number }>('/calls', {
      caller_phone: phone || null,
      started_at: started.toISOString(),
      answered: true,
      talk_s: talk,
    });
    return logged.id;
  }

  /** Marks the callback as called back by this operator, naming the order; what to add to the message. */
  private async closeCallback(id: number, tk: Ticket): Promise<string> {
    try {
      await post(`/callbacks/${id}/done`, {
        note: t('c.callbackOrderNote').replace('{number}', tk.number),
        ticket_id: tk.id,
      });
      return t('c.callbackClosed');
    } catch (err) {
      // Someone else returned the call meanwhile (or the resident got through): the order stands.
      if (err instanceof ApiError && err.status === 409) return t('c.callbackWasDone');
      throw err;
    } finally {
      this.callbackDone();
    }
  }

  private showLast(tk: Ticket): void {
    const last = document.getElementById('last-order');
    if (!last) return;
    fill(
      last,
      t('c.last'),
      ' ',
      h('button', { type: 'button', class: 'link', onclick: () => this.openOrder(tk.id) }, tk.number),
      this.last
        ? [
            ' · ',
            h(
              'button',
              { type: 'button', class: 'link', id: 'same-call', onclick: () => this.sameCall() },
              t('c.sameCall'),
            ),
          ]
        : null,
    );
  }

  /** Open orders from the same number, or at the same place (并单 candidates). */
  private async lookForDuplicates(): Promise<void> {
    if (!this.duplicatesAvailable) return;
    const phone = this.value('caller_phone');
    const category = this.value('category_id');
    const address = this.value('address');
    const params = new URLSearchParams();
    if (/^\+?\d{5,}$/.test(phone.replace(/[\s-]/g, ''))) params.set('phone', phone.replace(/[\s-]/g, ''));
    // The place alone is enough (written any way: with or without the district, the door next to it); a chosen
    // category narrows it to that category's orders.
    if (address.length >= 4) {
      params.set('address', address);
      if (category) params.set('category_id', category);
    }
    if (!params.toString()) {
      this.dupes.hidden = true;
      return;
    }
    try {
      const { items } = await get<{ items: Array<Ticket & { match: string[] }> }>(`/tickets/duplicates?${params}`);
      this.showDuplicates(items);
    } catch (err) {
      // Without the duplicates service (an older server) the panel simply stays away.
      if (err instanceof ApiError && err.status === 404) this.duplicatesAvailable = false;
      this.dupes.hidden = true;
    }
  }

  private showDuplicates(items: Array<Ticket & { match: string[] }>): void {
    this.duplicates = items;
    this.dupes.hidden = items.length === 0;
    fill(
      this.dupes,
      h('h2', null, t('c.duplicates'), ` (${items.length})`),
      h('p', { class: 'muted small' }, t('c.duplicatesHint')),
      h(
        'ul',
        { class: 'dupe-list' },
        items.map((d) =>
          h(
            'li',
            { 'data-ticket': d.id },
            h(
              'div',
              null,
              h('span', { class: 'number' }, d.number),
              ' ',
              statusBadge(d.status),
              alerts(d),
              h(
                'span',
                { class: 'muted small' },
                ' ',
                d.match.map((m) => t(`c.match.${m}`)).join('、'),
                ' · ',
                fmtTime(d.created_at),
              ),
            ),
            h('div', null, d.title),
            d.address ? h('div', { class: 'muted small dupe-address' }, d.address) : null,
            h(
              'div',
              { class: 'actions' },
              h(
                'button',
                { type: 'button', class: 'secondary small', onclick: () => this.openOrder(d.id) },
                t('c.view'),
              ),
              // A submit button of the intake form: the merge gets the form's checks, progress and error display.
              h(
                'button',
                {
                  type: 'submit',
                  form: 'intake-form',
                  class: 'secondary small',
                  'data-mode': 'merge',
                  'data-into': d.id,
                },
                t('c.mergeInto'),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
