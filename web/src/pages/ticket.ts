// /tickets/:id — one work order, the address the service's mails link to (supervision orders, escalations):
// whoever follows it sees the order with the actions of their role, and the way back to their own page.
import '../console/messages.ts';
import '../inbox/messages.ts';
import '../supervise/messages.ts';
import { t } from '../i18n.ts';
import { h, fill, type Child } from '../ui/dom.ts';
import { loadCategories, loadDepartments, names } from '../ui/data.ts';
import { MAIN_PAGE } from '../ui/nav.ts';
import type { Done } from '../ui/pane.ts';
import { TicketPane } from '../ui/pane.ts';
import { startPage } from '../ui/shell.ts';
import type { TicketDetail } from '../ui/ticket.ts';
import { operatorActions } from '../console/actions.ts';
import { handlerActions } from '../inbox/actions.ts';
import { supervisorActions } from '../supervise/actions.ts';

async function main() {
  const me = await startPage({
    page: 'ticket',
    roles: ['operator', 'handler', 'supervisor', 'admin'],
    title: t('ui.order'),
  });
  const id = Number(location.pathname.split('/').pop());
  const [departments, categories] = await Promise.all([loadDepartments(), loadCategories()]);
  const actions: Record<string, (tk: TicketDetail, done: Done) => Child> = {
    operator: (tk, done) => operatorActions(tk, { departments, categories }, done),
    handler: handlerActions,
    supervisor: supervisorActions,
  };
  const pane = new TicketPane(
    async () => ({ departments: await names('departments'), categories: await names('categories') }),
    actions[me.role] ?? (() => null),
    () => {},
  );
  pane.el.classList.remove('detail');
  const back = MAIN_PAGE[me.role] ?? (me.role === 'supervisor' ? '/supervise' : '/');
  fill(
    document.getElementById('main')!,
    h('p', null, h('a', { href: back }, '← ', t('ui.back'))),
    h('div', { class: 'single' }, pane.el),
  );
  await pane.show(id);
  document.body.dataset.ready = 'true';
}

void main();
