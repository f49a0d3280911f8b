import { expect } from 'chai';
import WebSocket from 'ws';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/** Opens a live connection and collects its messages. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const messages: any[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (m) => {
    messages.push(JSON.parse(String(m)));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_r, res) => reject(new Error(String(res.statusCode))));
  });
  const next = (pred: (m: any) => boolean) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message')), 10_000);
      const check = () => {
        const found = messages.find(pred);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { ws, messages, next };
}

describe('live dashboard', () => {
  let h: Hotline;
  let wsBase: string;
  before(async () => {
    h = await hotline();
    wsBase = (await testApp()).baseUrl.replace('http', 'ws') + '/api/v1/live';
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('sends the dashboard on connect and again after a ticket is created through the API', async () => {
    const live = await connect(wsBase, { authorization: `Bearer ${h.supervisor.token}` });
    try {
      const first = await live.next((m) => m.type === 'dashboard');
      const before = first.data.overview.tickets.created;
      await createTicket(h.operator, { title: '大屏实时刷新' });
      const after = await live.next((m) => m.type === 'dashboard' && m.data.overview.tickets.created > before);
      expect(after.data.overview.tickets.created).to.equal(before + 1);
      expect(after.data.trend).to.have.length(30);
    } finally {
      live.ws.close();
    }
  });

  it('hears of changes committed by another instance through the watermark', async () => {
    const { services } = await testApp();
    const live = await connect(wsBase, { authorization: `Bearer ${h.supervisor.token}` });
    try {
      const first = await live.next((m) => m.type === 'dashboard');
      // A row written straight to the database, as another instance would, publishes nothing on this bus.
      const t = await createTicket(h.operator);
      const seen = live.messages.length;
      await services.db('ticket_events').insert({
        ticket_id: t.id,
        action: 'note',
        actor_role: 'system',
        public: false,
        created_at: '2026-01-01 00:00:00.000',
      });
      await live.next((m) => live.messages.indexOf(m) >= seen && m.type === 'dashboard');
      expect(first.type).to.equal('dashboard');
    } finally {
      live.ws.close();
    }
  });

  it('refuses operators and handlers, accepts a display link, and stops accepting it once revoked', async () => {
    await expectRefused(connect(wsBase, { authorization: `Bearer ${h.operator.token}` }));
    await expectRefused(connect(wsBase, { authorization: `Bearer ${h.handler.token}` }));
    await expectRefused(connect(wsBase));
    const link = await ok(h.admin.post('/api/v1/display-links', { name: '指挥中心大屏' }), 201);
    expect(link.url).to.include(`/dashboard?display=${link.token}`);
    const live = await connect(`${wsBase}?display=${link.token}`);
    await live.next((m) => m.type === 'dashboard');
    live.ws.close();
    await ok(h.admin.post(`/api/v1/display-links/${link.id}/revoke`), 204);
    await expectRefused(connect(`${wsBase}?display=${link.token}`));
  });

  it('answers the day overview in the shape of the contract', async () => {
    const o = await ok(h.supervisor.get('/api/v1/stats/overview'));
    expect(o).to.have.all.keys('date', 'calls', 'tickets', 'ratings');
    expect(o.calls).to.include.all.keys(
      'inbound',
      'answered',
      'answered_15s',
      'connection_rate',
      'connection_rate_15s',
    );
    expect(o.tickets).to.have.all.keys('created', 'open', 'yellow', 'red');
    expect(o.ratings).to.have.all.keys('count', 'bad', 'satisfaction_rate');
    expect((await h.handler.get('/api/v1/stats/overview')).status).to.equal(403);
  });
});

async function expectRefused(p: Promise<unknown>) {
  let refused = false;
  try {
    const c = (await p) as { ws: WebSocket };
    c.ws.close();
  } catch {
    refused = true;
  }
  expect(refused, 'connection should be refused').to.equal(true);
}
