// The right-hand pane that shows one work order and the actions a page offers on it.
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill, type Child } from './dom.ts';
import { showError, toast } from './notice.ts';
import { ticketPanel, type Names, type TicketDetail } from './ticket.ts';

/** What an action reports back: a message for the toast; the pane and list then refresh. */
export type Done = (message: string) => Promise<void>;

export class TicketPane {
  readonly el = h(
    'aside',
    { class: 'detail card', 'aria-live': 'polite' },
    h('p', { class: 'placeholder' }, t('ui.pick')),
  );
  current: TicketDetail | null = null;
  private seq = 0;

  constructor(
    private readonly names: () => Promise<Names>,
    private readonly actions: (tk: TicketDetail, done: Done) => Child,
    private readonly changed: () => void,
  ) {
    // An action refused because the order changed under it: show the order as it is now.
    document.addEventListener('ticket-stale', () => {
      if (this.current && this.el.isConnected && !this.el.closest('[hidden]')) {
        this.changed();
        void this.show(this.current.id);
      }
    });
  }

  async show(id: number): Promise<void> {
    const mine = ++this.seq;
    this.el.setAttribute('aria-busy', 'true');
    if (this.current?.id !== id)
      fill(this.el, h('p', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' ', t('ui.loading')));
    try {
      const [tk, names] = await Promise.all([get<TicketDetail>(`/tickets/${id}`), this.names()]);
      if (mine !== this.seq) return;
      this.current = tk;
      fill(
        this.el,
        ticketPanel(
          tk,
          names,
          this.actions(tk, (m) => this.done(m)),
        ),
      );
    } catch (err) {
      if (mine !== this.seq) return;
      fill(this.el, h('p', { class: 'error' }));
      showError(err, this.el);
    } finally {
      if (mine === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  clear(): void {
    this.current = null;
    fill(this.el, h('p', { class: 'placeholder' }, t('ui.pick')));
  }

  private async done(message: string): Promise<void> {
    toast(message);
    this.changed();
    if (this.current) await this.show(this.current.id);
  }
}
