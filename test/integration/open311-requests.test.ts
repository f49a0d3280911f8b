import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import {
  answers,
  expectValid,
  get,
  issueKey,
  makeService,
  requestOf,
  submitted,
  ticketOf,
} from '../helpers/open311.ts';

describe('Open311 GeoReport v2: reading requests', () => {
  let h: Hotline;
  let key: string;

  /** GET requests.json with a query, answered 200 and valid: the request numbers in answer order. */
  async function listed(query: string): Promise<string[]> {
    const res = await get(`/requests.json?${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expectValid('requests.json', res.body);
    return res.body.map((r: any) => r.service_request_id);
  }

  async function refused(query: string, field: string) {
    const res = await get(`/requests.json?${query}`);
    expect(res.status, query).to.equal(400);
    expectValid('errors.json', res.body);
    // The path names the field, and the item of a list ("status.0").
    expect(
      res.body.map((e: any) => e.description.split(/[.:]/)[0]),
      query,
    ).to.include(field);
  }

  const at = async (when: string, service: { id: number }, fields: Record<string, string> = {}) => {
    clock.set(when);
    return submitted(key, { service_code: String(service.id), ...fields });
  };

  before(async () => {
    h = await hotline();
    key = (await issueKey(h)).key;
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('GET requests.json', () => {
    let a: { id: number };
    let b: { id: number };
    let r1: string;
    let r2: string;
    let r3: string;
    let rb: string;

    before(async () => {
      [a, b] = [await makeService(h), await makeService(h)];
      r1 = await at('2026-06-01T10:00:00+08:00', a);
      r2 = await at('2026-08-20T10:00:00+08:00', a);
      r3 = await at('2026-08-25T09:00:00+08:00', a);
      rb = await at('2026-08-26T09:00:00+08:00', b);
      clock.reset();
    });

    it('answers the last 90 days by default, newest first', async () => {
      clock.set('2026-09-01T12:00:00+08:00');
      expect(await listed(`service_code=${a.id}`)).to.deep.equal([r3, r2]);
    });

    it('filters by start_date and end_date, a missing end being 90 days after the start and vice versa', async () => {
      clock.set('2026-09-01T12:00:00+08:00');
      expect(
        await listed(`service_code=${a.id}&start_date=2026-05-31T00:00:00%2B08:00&end_date=2026-08-21T00:00:00Z`),
      ).to.deep.equal([r2, r1]);
      expect(await listed(`service_code=${a.id}&start_date=2026-05-31T16:00:00Z`)).to.deep.equal([r3, r2, r1]);
      expect(await listed(`service_code=${a.id}&end_date=2026-06-02T00:00:00%2B08:00`)).to.deep.equal([r1]);
    });

    it('takes start_date and end_date as plain dates too: whole days of Beijing time, both included', async () => {
      clock.set('2026-09-01T12:00:00+08:00');
      expect(await listed(`service_code=${a.id}&start_date=2026-06-01&end_date=2026-08-20`)).to.deep.equal([r2, r1]);
      expect(await listed(`service_code=${a.id}&start_date=2026-08-21&end_date=2026-08-25`)).to.deep.equal([r3]);
      expect(await listed(`service_code=${a.id}&start_date=2026-06-02&end_date=2026-08-19`)).to.deep.equal([]);
      expect(await listed(`service_code=${a.id}&end_date=2026-06-01`)).to.deep.equal([r1]);
    });

    it('refuses a span over 90 days, a reversed range, a time without offset and a date that is none', async () => {
      await refused('start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z', 'end_date');
      await refused('start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z', 'end_date');
      await refused('start_date=2026-06-01T10:00', 'start_date');
      await refused('start_date=2026-13-01', 'start_date');
      await refused('end_date=2026-06-01T00:00:00', 'end_date');
      await refused('start_date=2026-01-01&end_date=2026-04-01', 'end_date');
    });

    it('filters by one or several service codes', async () => {
      clock.set('2026-09-01T12:00:00+08:00');
      expect(await listed(`service_code=${a.id},${b.id}`)).to.deep.equal([rb, r3, r2]);
      expect(await listed(`service_code=${b.id}&service_code=999999`)).to.deep.equal([rb]);
      await refused('service_code=abc', 'service_code');
    });

    it('takes service_request_id as a comma list that overrides every other filter', async () => {
      const typed = await createTicket(h.operator);
      const numbers = await listed(
        `service_request_id=${r1},${rb},${typed.number},20990101000001&status=closed&service_code=${a.id}`,
      );
      expect(numbers).to.deep.equal([rb, r1]);
      await refused('service_request_id=12a', 'service_request_id');
    });

    it('treats empty parameters as absent and ignores ones it does not use', async () => {
      clock.set('2026-09-01T12:00:00+08:00');
      expect(await listed(`service_code=${a.id}&status=&start_date=&jurisdiction_id=`)).to.deep.equal([r3, r2]);
      const extra = 'jurisdiction_id=city.example&extensions=true&lang=zh&colour=red&api_key=whatever';
      expect(await listed(`service_code=${a.id}&${extra}`)).to.deep.equal([r3, r2]);
      await refused('status=pending', 'status');
    });
  });

  describe('status', () => {
    it('maps every open state to open and closed or merged to closed, for the filter too', async () => {
      const service = await makeService(h);
      const target = await at('2026-07-01T09:00:00+08:00', service);
      const merged = await at('2026-07-01T09:05:00+08:00', service);
      await h.travel('2026-07-01T10:00:00+08:00');
      const t = await ticketOf(h, merged);
      const into = await ticketOf(h, target);
      await ok(h.operator.post(`/api/v1/tickets/${t.id}/merge`, { version: t.version, into_ticket_id: into.id }));
      const r = await requestOf(merged);
      expect(r.status).to.equal('closed');
      expect(r.status_notes).to.include(target);
      expect((await requestOf(target)).status).to.equal('open');
      const q = `service_code=${service.id}`;
      expect(await listed(`${q}&status=closed`)).to.deep.equal([merged]);
      expect(await listed(`${q}&status=open`)).to.deep.equal([target]);
      expect(await listed(`${q}&status=open,closed`)).to.deep.equal([merged, target]);
      expect(await listed(`${q}&status=open&status=closed`)).to.deep.equal([merged, target]);
    });

    it(
      'shows the department after dispatch, the due deadline ' + 'as expected time, and closes after the callback',
      async () => {
        const service = await makeService(h);
        const number = await at('2026-07-06T09:00:00+08:00', service);
        const fresh = await requestOf(number);
        expect(fresh).to.include({
          status: 'open',
          agency_responsible: null,
          expected_datetime: null,
          service_code: String(service.id),
          requested_datetime: '2026-07-06T09:00:00+08:00',
          updated_datetime: '2026-07-06T09:00:00+08:00',
        });

        await h.travel('2026-07-06T10:00:00+08:00');
        let t = await ticketOf(h, number);
        t = await ok(
          h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }),
        );
        const sent = await requestOf(number);
        expect(sent).to.include({
          status: 'open',
          agency_responsible: h.dept.name,
          updated_datetime: '2026-07-06T10:00:00+08:00',
        });
        expect(sent.expected_datetime).to.match(/\+08:00$/);
        expect(Date.parse(sent.expected_datetime)).to.equal(Date.parse(t.due_at));

        t = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
        t = await ok(
          h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已更换灯泡。' }),
        );
        expect((await requestOf(number)).status).to.equal('open');
        await h.travel('2026-07-08T15:30:00+08:00');
        t = await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 5 }));
        const done = await requestOf(number);
        expect(done).to.include({
          status: 'closed',
          agency_responsible: h.dept.name,
          updated_datetime: '2026-07-08T15:30:00+08:00',
        });
        expect(Date.parse(done.updated_datetime)).to.equal(Date.parse(t.closed_at));
      },
    );
  });

  describe('GET requests/:id.json', () => {
    it(
      'answers 404 for an unknown number, a malformed one, ' + 'and an order that did not come in through Open311',
      async () => {
        const typed = await createTicket(h.operator);
        for (const id of ['20990101000001', 'abc', typed.number]) {
          const res = await get(`/requests/${id}.json`);
          expect(res.status, id).to.equal(404);
          expectValid('errors.json', res.body);
          expect(res.body[0]).to.deep.equal({
            code: 404,
            description: `service_request_id ${id} 不存在 / service_request_id ${id} not found`,
          });
        }
      },
    );
  });

  describe('privacy', () => {
    it('never shows the caller: no name, phone or email in any Open311 answer', async () => {
      const service = await makeService(h);
      const first = uniq('Given');
      const last = uniq('Family');
      const caller = { first_name: first, last_name: last, phone: '13712345678', email: `${uniq('c')}@mail.example` };
      const number = await submitted(key, { service_code: String(service.id), ...caller });
      await requestOf(number);
      await listed(`service_code=${service.id}`);
      await listed(`service_request_id=${number}`);
      const t = await ticketOf(h, number);
      expect(t.caller_name).to.equal(`${first} ${last}`);
      expect(t.caller_phone).to.equal('13712345678');
      const text = answers.join('\n');
      expect(text).to.include(number);
      for (const v of [first, last, '13712345678', '137****5678', caller.email]) expect(text).to.not.include(v);
    });
  });

  describe('volume', () => {
    it('answers at most 1,000 requests, the newest', async function () {
      this.timeout(120_000);
      const { services } = await testApp();
      const service = await makeService(h);
      const issued = await services.open311.keys.authenticate(key);
      const numbers: string[] = [];
      for (let i = 0; i < 1001; i += 25) {
        clock.set(new Date(Date.parse('2026-04-10T08:00:00+08:00') + i * 1000));
        const batch = await Promise.all(
          Array.from({ length: Math.min(25, 1001 - i) }, () =>
            services.open311.create(issued, { service_code: String(service.id), address_string: '某路' }),
          ),
        );
        numbers.push(...batch.map((r) => r[0].service_request_id));
      }
      const got = await listed(
        `service_code=${service.id}&start_date=2026-04-10T00:00:00%2B08:00&end_date=2026-04-11T00:00:00%2B08:00`,
      );
      expect(got).to.have.length(1000);
      expect(new Set(got).size).to.equal(1000);
      // The first batch shares its creation moment: whichever of it is left out, it is one of the oldest.
      const oldest = new Set(numbers.slice(0, 25));
      expect(numbers.filter((n) => !got.includes(n)).every((n) => oldest.has(n))).to.equal(true);
    });
  });
});
