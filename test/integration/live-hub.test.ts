import { expect } from 'chai';
import WebSocket from 'ws';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/** A screen on the live hub that keeps every message it receives. */
function screen(url: string) {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
  ws.on('message', (m, binary) => {
    expect(binary).to.equal(false);
    messages.push(JSON.parse(String(m)));
  });
  const count = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${messages.length} of ${n} messages`)), 10_000);
      const check = () => (messages.length >= n ? (clearTimeout(timer), resolve()) : setTimeout(check, 10));
      check();
    });
  return { ws, messages, opened, count };
}

/** Resolves once `done` holds, checked every 10 ms, or fails after 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !done();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LiveHub', () => {
  let h: Hotline;
  let url: string;
  before(async () => {
    h = await hotline();
    const link = await ok(h.admin.post('/api/v1/display-links', { name: '集成测试大屏' }), 201);
    url = `${(await testApp()).baseUrl.replace('http', 'ws')}/api/v1/live?display=${link.token}`;
  });

  describe('welcome', () => {
    it(
      'computes the picture once for screens that connect all ' +
        'at once (a restart brings every screen back together)',
      async () => {
        const { services } = await testApp();
        await createTicket(h.operator); // with no screen connected, the hub forgets its last picture
        const original = services.overview.dashboard;
        let computed = 0;
        // A slow computation, so that every screen arrives while it runs.
        services.overview.dashboard = async function (this: typeof services.overview) {
          computed++;
          await new Promise((r) => setTimeout(r, 300));
          return original.call(this);
        };
        const screens = Array.from({ length: 20 }, () => screen(url));
        try {
          await Promise.all(screens.map((s) => s.count(1)));
          expect(computed).to.equal(1);
          expect(new Set(screens.map((s) => JSON.stringify(s.messages[0]))).size).to.equal(1);
        } finally {
          services.overview.dashboard = original;
          screens.forEach((s) => s.ws.close());
        }
      },
    );

    it('answers 503 when it cannot check the display link, and goes on serving', async () => {
      const { services } = await testApp();
      const original = services.displayLinks.valid;
      services.displayLinks.valid = async () => {
        throw new Error('database unavailable');
      };
      try {
        const refused = screen(url);
        let error = '';
        await refused.opened.catch((err: Error) => {
          error = err.message;
        });
        expect(error).to.equal('refused 503');
      } finally {
        services.displayLinks.valid = original;
      }
      const s = screen(url);
      await s.count(1);
      expect(s.messages[0].type).to.equal('dashboard');
      s.ws.close();
    });
  });

  describe('broadcast', () => {
    it('sends each committed change once: the watermark poll does not repeat it', async () => {
      const s = screen(url);
      try {
        await s.count(1);
        const before = s.messages[0].data.overview.tickets.created;
        await createTicket(h.operator, { title: '只推送一次' });
        await s.count(2);
        expect(s.messages[1].data.overview.tickets.created).to.equal(before + 1);
        // Three polls that read the mark after the picture go by without another picture. Counted, not timed: on a
        // loaded machine 700 ms may hold fewer polls than the test means.
        const { hub, services } = await testApp();
        const mark = await services.overview.watermark();
        const polls = hub.polls;
        await until(() => hub.polls >= polls + 3);
        const after = await services.overview.watermark();
        expect(s.messages, `the mark went from ${mark} to ${after}`).to.have.length(2);
      } finally {
        s.ws.close();
      }
    });
  });
});
