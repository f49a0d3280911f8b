// Call recordings (docs/rules/attachments.md "Call recordings"): the telephone system names a call's recording when it
// posts the call (or on a repeated post once the call ended); operators and supervisors play it through Hotline,
// which streams it from the telephone system (a real HTTP server of the test's own) with the range asked, and
// writes every play to the audit log.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ConfigError, parseEnv } from '../../config/env.ts';
import { call, ctiClient } from '../helpers/calls.ts';
import { ctiRecordings, silentWav, type CtiRecordings } from '../helpers/cti-recordings.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

const TOKEN = 'cti-recording-token';

describe('call recordings', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  let store: CtiRecordings;
  const wav = silentWav(4000);
  const config = async () => (await testApp()).services.config.recordings;
  const audits = async (callId: number, action = 'play_recording') =>
    (await testApp()).services.db('audit_log').where({ action, target_type: 'call', target_id: callId }).orderBy('id');
  /** A call the telephone system posted with a recording it serves, made into an order. */
  async function recorded(ref = `rec-${Date.now()}-${Math.random().toString(36).slice(2)}.wav`) {
    store.put(ref, wav);
    const c = await ok(cti.post(call({ external_id: `ext-${ref}`, recording_ref: ref })), 201);
    const t = await createTicket(h.operator, { call_id: c.id });
    return { call: c, ticket: t, ref };
  }

  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
    store = await ctiRecordings();
    Object.assign(await config(), { url: store.template, token: TOKEN, timeoutMs: 2000 });
  });
  after(async () => {
    Object.assign(await config(), { url: undefined, token: undefined, timeoutMs: 10_000 });
    await store.close();
  });
  beforeEach(async () => {
    await h.signInAgain();
    Object.assign(await config(), { url: store.template, token: TOKEN, timeoutMs: 2000 });
  });

  describe('the reference on POST /calls', () => {
    it('keeps the first call on a retry, and lets a later post add the recording once', async () => {
      const body = call({ external_id: `late-${Date.now()}` });
      const first = await ok(cti.post(body), 201);
      expect(first.recording_ref).to.equal(null);
      const added = await ok(cti.post({ ...body, recording_ref: 'late/2026/a.wav', talk_s: 999 }), 200);
      expect(added).to.include({ id: first.id, recording_ref: 'late/2026/a.wav', talk_s: first.talk_s });
      const again = await ok(cti.post({ ...body, recording_ref: 'other.wav' }), 200);
      expect(again.recording_ref, 'the first reference stays').to.equal('late/2026/a.wav');
    });

    it('refuses a reference with spaces, dot segments or other characters, storing nothing', async () => {
      for (const ref of ['a b.wav', '../secret', 'a/../../etc/passwd', '..', 'x/./y', '/abs', 'a%2e%2e', 'a?x=1', '']) {
        const external = `bad-${Date.now()}-${Math.random()}`;
        const body = call({ external_id: external, recording_ref: ref });
        const res = await cti.post(body);
        expect(res.status, ref).to.equal(400);
        expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['recording_ref']);
        const { services } = await testApp();
        expect(await services.db('calls').where({ external_id: external }).first()).to.equal(undefined);
      }
      const long = await cti.post(call({ recording_ref: 'a'.repeat(201) }));
      expect(long.status).to.equal(400);
    });
  });

  describe('RECORDING_URL', () => {
    it('must be an http(s) URL with {ref}, and is never echoed back', () => {
      expect(() => parseEnv({ RECORDING_URL: 'http://cti.local/recordings/{ref}' })).not.to.throw();
      for (const bad of ['http://cti.local/recordings/', 'ftp://cti.local/{ref}', 'cti.local/{ref}']) {
        const err = (() => {
          try {
            parseEnv({ RECORDING_URL: bad });
          } catch (e) {
            return e as ConfigError;
          }
        })();
        expect(err, bad).to.be.instanceOf(ConfigError);
        expect(err!.message).to.include('RECORDING_URL must be').and.not.include(bad);
      }
    });
  });

  it('keeps the reference when the telephone system reports a call the operator logged', async () => {
    const started = new Date(Date.now() - 10 * 60_000);
    const logged = await ok(h.operator.post('/api/v1/calls', call({ started_at: started.toISOString() })), 201);
    const reported = await ok(
      cti.post(
        call({
          caller_phone: logged.caller_phone,
          started_at: new Date(started.getTime() - 20_000).toISOString(),
          operator_id: h.users.operator.user.id,
          external_id: `adopt-${Date.now()}`,
          recording_ref: 'adopted.wav',
        }),
      ),
      201,
    );
    expect(reported).to.include({ id: logged.id, recording_ref: 'adopted.wav' });
  });

  describe('GET /calls/:id/recording', () => {
    it('streams the whole recording to a supervisor, with its type, never cached, the play audited', async () => {
      const { call: c, ticket, ref } = await recorded();
      const seen = store.requests.length;
      const res = await fetch(`${(await testApp()).baseUrl}/api/v1/calls/${c.id}/recording`, {
        headers: { authorization: `Bearer ${h.supervisor.token}` },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('audio/wav');
      expect(res.headers.get('cache-control')).to.equal('private, no-store');
      expect(res.headers.get('accept-ranges')).to.equal('bytes');
      expect(Buffer.from(await res.arrayBuffer()).equals(wav)).to.equal(true);
      const asked = store.requests.slice(seen);
      expect(asked.map((r) => r.url)).to.deep.equal([`/recordings/${encodeURIComponent(ref)}`]);
      expect(asked[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
      const [row] = await audits(c.id);
      expect(row).to.include({ actor_id: h.users.supervisor.user.id, actor_role: 'supervisor' });
      expect(JSON.parse(row.detail)).to.include({ ticket_id: ticket.id, range: null, status: 200 });
    });

    it('passes a range through (206) for the player to seek, and audits each play', async () => {
      const { call: c } = await recorded();
      const base = (await testApp()).baseUrl;
      const get = (range: string) =>
        fetch(`${base}/api/v1/calls/${c.id}/recording`, {
          headers: { authorization: `Bearer ${h.operator.token}`, range },
        });
      const part = await get('bytes=0-43');
      expect(part.status).to.equal(206);
      expect(part.headers.get('content-range')).to.equal(`bytes 0-43/${wav.length}`);
      const head = Buffer.from(await part.arrayBuffer());
      expect(head.length).to.equal(44);
      expect(head.subarray(0, 4).toString('ascii')).to.equal('RIFF');
      const tail = await get('bytes=100-');
      expect(tail.status).to.equal(206);
      expect(Buffer.from(await tail.arrayBuffer()).equals(wav.subarray(100))).to.equal(true);
      // Anything but a plain byte range is not passed on: the whole recording.
      const odd = await get('bytes=0-10;x=1');
      expect(odd.status).to.equal(200);
      expect((await odd.arrayBuffer()).byteLength).to.equal(wav.length);
      const past = await get(`bytes=${wav.length + 10}-`);
      expect(past.status).to.equal(416);
      await past.arrayBuffer();
      const rows = await audits(c.id);
      expect(rows.map((r) => JSON.parse(r.detail).range)).to.deep.equal(['bytes=0-43', 'bytes=100-', null]);
      expect(rows.every((r) => r.actor_id === h.users.operator.user.id)).to.equal(true);
    });

    it('refuses handlers and administrators (403, audited) and asks the telephone system nothing', async () => {
      const { call: c } = await recorded();
      const { services } = await testApp();
      const seen = store.requests.length;
      for (const who of ['handler', 'admin'] as const) {
        const before = await services.db('audit_log').where({ action: 'forbidden', actor_id: h.users[who].user.id });
        const res = await h[who].get(`/api/v1/calls/${c.id}/recording`);
        expect(res.status, who).to.equal(403);
        const after = await services.db('audit_log').where({ action: 'forbidden', actor_id: h.users[who].user.id });
        expect(after.length - before.length).to.equal(1);
      }
      expect(store.requests.length).to.equal(seen);
      expect(await audits(c.id)).to.have.length(0);
    });

    it('answers 404 for a call without a recording, an unknown call, and one the telephone system lacks', async () => {
      const plain = await ok(cti.post(call({ external_id: `plain-${Date.now()}` })), 201);
      expect((await h.supervisor.get(`/api/v1/calls/${plain.id}/recording`)).status).to.equal(404);
      expect((await h.supervisor.get('/api/v1/calls/999999999/recording')).status).to.equal(404);
      const lost = await ok(cti.post(call({ external_id: `lost-${Date.now()}`, recording_ref: 'gone.wav' })), 201);
      const res = await h.supervisor.get(`/api/v1/calls/${lost.id}/recording`);
      expect(res.status).to.equal(404);
      expect(res.body.error.key).to.equal('calls.recordingMissingAtCti');
      expect(await audits(lost.id)).to.have.length(0);
    });

    it('answers 503 while no RECORDING_URL is set', async () => {
      const { call: c } = await recorded();
      (await config()).url = undefined;
      const res = await h.supervisor.get(`/api/v1/calls/${c.id}/recording`);
      expect(res.status).to.equal(503);
      expect(res.body.error.code).to.equal('RECORDING_NOT_CONFIGURED');
      // The lists say so, for the pages to show it instead of a player that cannot play.
      expect((await ok(h.operator.get('/api/v1/calls?per_page=1'))).recordings_configured).to.equal(false);
    });

    it('answers 502 when the telephone system is down or silent', async () => {
      const { call: c } = await recorded();
      // A port nobody listens on: connection refused.
      const closed = net.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      (await config()).url = `http://127.0.0.1:${port}/recordings/{ref}`;
      const down = await h.supervisor.get(`/api/v1/calls/${c.id}/recording`);
      expect(down.status).to.equal(502);
      expect(down.body.error.code).to.equal('RECORDING_UNAVAILABLE');
      // A telephone system that takes the connection and never answers.
      const silent = net.createServer(() => {});
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      Object.assign(await config(), {
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/r/{ref}`,
        timeoutMs: 200,
      });
      const slow = await h.supervisor.get(`/api/v1/calls/${c.id}/recording`);
      expect(slow.status).to.equal(502);
      silent.close();
      expect(await audits(c.id), 'nothing was played').to.have.length(0);
    });

    it('encodes a reference with slashes into one path segment: no request to another path', async () => {
      const { call: c, ref } = await recorded(`2026/12/05/${Date.now()}.wav`);
      const seen = store.requests.length;
      const res = await h.supervisor.get(`/api/v1/calls/${c.id}/recording`);
      expect(res.status).to.equal(200);
      expect(store.requests.slice(seen).map((r) => r.url)).to.deep.equal([`/recordings/${ref.replaceAll('/', '%2F')}`]);
    });
  });

  describe('GET /tickets/:id/calls', () => {
    it("lists the order's calls with their recordings to the hotline, not to handlers", async () => {
      const { call: c, ticket, ref } = await recorded();
      const list = await ok(h.supervisor.get(`/api/v1/tickets/${ticket.id}/calls`));
      expect(list.recordings_configured).to.equal(true);
      expect(list.items.map((i: { id: number; recording_ref: string }) => [i.id, i.recording_ref])).to.deep.equal([
        [c.id, ref],
      ]);
      expect(list.items[0].caller_phone).to.match(/\*{4}/);
      expect((await h.handler.get(`/api/v1/tickets/${ticket.id}/calls`)).status).to.equal(403);
      expect((await h.supervisor.get('/api/v1/tickets/999999999/calls')).status).to.equal(404);
    });
  });
});
