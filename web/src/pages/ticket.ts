// /tickets/:id — one work order, the address the service's mails link to (supervision orders, escalations):
// whoever follows it sees the order with the actions of their role, the chain of units it was passed down to
// (流转链), and the way back to their own page.
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
import { chain } from '../levels/chain.ts';
import { coProgress, disputeView } from '../console/co-handling-view.ts';
import { catalogueCheck } from '../ui/catalogue-check.ts';
import { callRecordings } from '../ui/call-recordings.ts';
import { offerUploads } from '../ui/attachment-picker.ts';
import { linkagePanel } from '../console/linkage.ts';

async function main() {
  const me = await startPage({
    page: 'ticket',
    roles: ['operator', 'handler', 'supervisor', 'admin'],
    title: t('ui.order'),
  });
  const id = Number(location.pathname.split('/').pop());
  // The hotline adds material to any order (受理材料); a handler's files go with its reply (办结佐证).
  offerUploads(me.role === 'operator' || me.role === 'supervisor');
  const [departments, categories] = await Promise.all([loadDepartments(), loadCategories()]);
  // The chain above the role's actions; an order with no chain shows only those, as it always did.
  const withChain = (tk: TicketDetail, done: Done, rest: Child): Child => {
    const c = chain(tk, done);
    return c ? [c, rest] : rest;
  };
  const byRole: Record<string, (tk: TicketDetail, done: Done) => Child> = {
    operator: (tk, done) => withChain(tk, done, operatorActions(tk, { departments, categories }, done)),
    // A handler's actions hold the chain (流转链) with the work of the handler's own level and those below it.
    handler: handlerActions,
    supervisor: (tk, done) => withChain(tk, done, supervisorActions(tk, done)),
    admin: chain,
  };
  // 会办 and 指定 for everyone who reads the order: the co-units' progress, the disputed returns and the designation;
  // and each dispatch judged by the catalogue then in force.
  const actions: typeof byRole = Object.fromEntries(
    Object.entries(byRole).map(([role, draw]) => [
      role,
      (tk: TicketDetail, done: Done) => [
        coProgress(tk),
        disputeView(tk),
        catalogueCheck(tk),
        // 通话录音: the calls the order came from, played by operators and supervisors (each play audited).
        callRecordings(tk.id, role),
        // 联动: the order's linked orders with 110/119/120/122 and the button to send one (operators, supervisors).
        linkagePanel(tk, role, done),
        draw(tk, done),
      ],
    ]),
  );
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
