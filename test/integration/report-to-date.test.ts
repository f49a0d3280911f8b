import { expect } from 'chai';
import { dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

// June 2037, on the 10th: no other suite works in it.
describe('reports of a month under way', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
    await h.travel('2037-05-08T10:00:00+08:00');
    await dispatched(h);
    await h.travel('2037-06-08T10:00:00+08:00');
    await dispatched(h);
    await dispatched(h);
  });
  beforeEach(() => h.travel('2037-06-10T10:00:00+08:00'));

  it('cuts the report at today and compares it with the same days of the month before', async () => {
    const r = await ok(h.supervisor.get('/api/v1/reports/departments?from=2037-06-01&to=2037-06-30'));
    expect(r.period).to.deep.equal({ from: '2037-06-01', to: '2037-06-10' });
    expect(r.previous_period).to.deep.equal({ from: '2037-05-01', to: '2037-05-10' });
    const row = r.departments.find((d: any) => d.department_id === h.dept.id);
    expect([row.received, row.previous.received]).to.deep.equal([2, 1]);
  });

  it('gives the bulletin of the month under way to date, against the same days before', async () => {
    const b = await ok(h.supervisor.get('/api/v1/reports/bulletin?month=2037-06'));
    expect(b).to.deep.include({
      to_date: true,
      period: { from: '2037-06-01', to: '2037-06-10' },
      previous_period: { from: '2037-05-01', to: '2037-05-10' },
    });
    const ended = await ok(h.supervisor.get('/api/v1/reports/bulletin?month=2037-05'));
    expect(ended).to.deep.include({ to_date: false, period: { from: '2037-05-01', to: '2037-05-31' } });
  });

  it(
    'previews the board of the month under way and refuses ' +
      "to publish it (409); the index gives the server's today",
    async () => {
      const board = await ok(h.supervisor.get('/api/v1/leaderboards/2037-06'));
      expect(board).to.include({ status: 'preview', ended: false, published_at: null });
      const res = await h.supervisor.post('/api/v1/leaderboards/2037-06/publish');
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('INVALID_TRANSITION');
      expect((await ok(h.supervisor.get('/api/v1/leaderboards/2037-06'))).status).to.equal('preview');
      const index = await ok(h.supervisor.get('/api/v1/leaderboards'));
      expect(index).to.include({ today: '2037-06-10', month: '2037-05' });
      expect(index.awaiting).to.be.an('array');
      expect((await h.handler.get('/api/v1/leaderboards')).status).to.equal(403);
    },
  );
});
