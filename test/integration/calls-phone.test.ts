import { expect } from 'chai';
import { at, call, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/** The ways a telephone system or an operator may write one mobile number. */
const spellings = (p: string) => [
  `+86${p}`,
  `0086-${p.slice(0, 3)}-${p.slice(3)}`,
  `86${p}`,
  `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`,
];

describe('calls: phone numbers', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('POST /calls', () => {
    it(
      'stores +86, 0086, 86 and spaced spellings of a ' + 'number as the national number, joining one callback',
      async () => {
        const { services } = await testApp();
        const phone = newPhone();
        const day = ownDay();
        const posted = [];
        for (const [i, spelling] of spellings(phone).entries()) {
          posted.push(
            await ok(
              cti.post(
                call({
                  caller_phone: spelling,
                  started_at: at(day, `10:0${i}:00`),
                  answered: false,
                  wait_s: 30,
                  talk_s: 0,
                }),
              ),
              201,
            ),
          );
        }
        expect(posted.map((c) => c.caller_phone)).to.deep.equal(Array(4).fill(phone));
        const callbacks = await services.db('missed_call_callbacks').where({ phone });
        expect(callbacks).to.have.length(1);
        expect(callbacks[0]).to.include({ status: 'open', missed_count: 4 });
        // The resident gets through, written yet another way: the same callback closes.
        const answered = await ok(
          cti.post(call({ caller_phone: `+86 ${phone}`, started_at: at(day, '10:30:00') })),
          201,
        );
        expect(answered.callback_id).to.equal(callbacks[0].id);
        expect((await services.db('missed_call_callbacks').where({ id: callbacks[0].id }).first()).outcome).to.equal(
          'answered_call',
        );
        // The list filter reads the number the same way.
        expect((await ok(h.operator.get(`/api/v1/calls?phone=%2B86${phone}`))).total).to.equal(5);
      },
    );

    it('stores a call from a withheld number without a number, counts it, and opens no callback', async () => {
      const { services } = await testApp();
      const day = ownDay();
      const withheld = ['', 'anonymous', 'unknown', 'Withheld', '隐藏号码', null];
      const posted = [];
      for (const [i, caller] of withheld.entries()) {
        posted.push(
          await ok(
            cti.post(
              call({
                caller_phone: caller,
                started_at: at(day, `09:0${i}:00`),
                answered: false,
                wait_s: 40,
                talk_s: 0,
              }),
            ),
            201,
          ),
        );
      }
      // Without the field at all, answered: the same.
      const { caller_phone: _, ...noCaller } = call({
        started_at: at(day, '09:30:00'),
        wait_s: 3,
        operator_id: h.users.operator.user.id,
      });
      posted.push(await ok(cti.post(noCaller), 201));
      expect(posted.map((c) => [c.caller_phone, c.callback_id])).to.deep.equal(Array(7).fill([null, null]));
      const rows = await services.db('calls').whereIn(
        'id',
        posted.map((c) => c.id),
      );
      expect(rows.map((r: any) => r.caller_phone)).to.deep.equal(Array(7).fill(null));
      expect(await services.db('missed_call_callbacks').where({ phone: '' })).to.have.length(0);
      const f = await ok(h.supervisor.get(`/api/v1/stats/calls?from=${day}&to=${day}`));
      expect(f.total).to.include({ inbound: 7, answered: 1, connection_rate: 1 / 7 });
      // Masked in lists and in full alike: there is no number to show.
      expect((await ok(h.operator.get(`/api/v1/calls/${posted[0].id}`))).caller_phone).to.equal(null);
    });

    it('still refuses digits mixed with other text, and a number too long', async () => {
      for (const caller of ['139abc12345', `+86${'1'.repeat(21)}`, '13+800138000']) {
        const res = await cti.post(call({ caller_phone: caller }));
        expect(res.status, caller).to.equal(400);
        expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['caller_phone']);
      }
    });
  });

  describe('tickets', () => {
    it(
      "stores the caller's number as the national number " + 'and finds the order as a duplicate under any spelling',
      async () => {
        const phone = newPhone();
        const t = await createTicket(h.operator, { caller_phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}` });
        expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).caller_phone).to.equal(phone);
        for (const spelling of spellings(phone)) {
          const found = await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${encodeURIComponent(spelling)}`));
          expect(
            found.items.map((x: any) => x.id),
            spelling,
          ).to.include(t.id);
        }
        const bad = await h.operator.post('/api/v1/tickets', {
          channel: 'phone',
          type: 'help',
          title: '求助',
          description: '说明',
          caller_phone: '139abc',
        });
        expect(bad.body.error.details.map((d: any) => d.path)).to.deep.equal(['caller_phone']);
      },
    );
  });
});
