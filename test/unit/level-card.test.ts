import { expect } from 'chai';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import { toDbTime } from '../../server/lib/db.ts';
import {
  assignmentCard,
  levelCardOf,
  levelClock,
  levelEscalationSteps,
  type LevelDeadlines,
  type LevelTicket,
} from '../../server/domain/tickets/level-card.ts';

const cal = new WorkCalendar();
const at = (s: string) => new Date(`${s}+08:00`);
const db = (s: string) => toDbTime(at(s));

// A help order held by a district (due Monday 23rd), passed down to a street on Monday 16th at 09:00: sign by
// Tuesday 17th, reply by Friday 20th.
const ticket: LevelTicket = {
  status: 'accepted',
  urgency: 'normal',
  due_at: db('2026-11-23T23:59:59'),
  due_yellow_at: db('2026-11-23T00:00:00'),
  suspended_at: null,
};
const level: LevelDeadlines = {
  dispatched_at: db('2026-11-16T09:00:00'),
  sign_deadline_at: db('2026-11-17T23:59:59'),
  due_at: db('2026-11-20T23:59:59'),
  signed_at: null,
  replied_at: null,
  ended_at: null,
};
const card = (t: LevelTicket, a: LevelDeadlines, when: string) => levelCardOf(t, a, at(when));

describe('a level card', () => {
  it('is yellow from the start of the deadline own working day and red once it has passed', () => {
    expect(card(ticket, level, '2026-11-16T23:59:59')).to.equal('none');
    expect(card(ticket, level, '2026-11-17T08:00:00')).to.equal('yellow');
    expect(card(ticket, level, '2026-11-18T00:00:00')).to.equal('red');
    // Signed: only the reply deadline counts (Friday 20th).
    const signed = { ...level, signed_at: db('2026-11-16T10:00:00') };
    expect(card(ticket, signed, '2026-11-18T00:00:00')).to.equal('none');
    expect(card(ticket, signed, '2026-11-20T08:00:00')).to.equal('yellow');
    expect(card(ticket, signed, '2026-11-21T00:00:00')).to.equal('red');
  });

  it('has none once the level has replied or ended, nor while the order is not held', () => {
    const signed = { ...level, signed_at: db('2026-11-16T10:00:00') };
    expect(card(ticket, { ...signed, replied_at: db('2026-11-19T10:00:00') }, '2026-11-21T00:00:00')).to.equal('none');
    const ended = { ...level, ended_at: db('2026-11-16T12:00:00') };
    expect(card(ticket, ended, '2026-11-21T00:00:00')).to.equal('none');
    expect(card({ ...ticket, status: 'replied' }, level, '2026-11-21T00:00:00')).to.equal('none');
  });

  it('keeps on a suspended order the card it had when the clock stopped', () => {
    const suspended = { ...ticket, status: 'suspended' as const, suspended_at: db('2026-11-17T10:00:00') };
    expect(card(suspended, level, '2026-11-30T10:00:00')).to.equal('yellow');
    expect(levelEscalationSteps(cal, 3, suspended, level)).to.deep.equal([]);
  });

  it('follows its order clock: an order counting in wall time gives the level the last-quarter yellow card', () => {
    expect(levelClock(ticket)).to.equal('normal');
    expect(levelClock({ ...ticket, urgency: 'urgent' })).to.equal('urgent');
    // A severity tier with limits of its own: the main reply deadline's yellow moment is the last quarter.
    const tier = { ...ticket, due_at: db('2026-11-17T09:00:00'), due_yellow_at: db('2026-11-17T03:00:00') };
    expect(levelClock(tier)).to.equal('urgent');
    const short = {
      ...level,
      dispatched_at: db('2026-11-16T10:00:00'),
      sign_deadline_at: db('2026-11-16T10:20:00'),
      due_at: db('2026-11-16T18:00:00'),
    };
    expect(card(tier, short, '2026-11-16T10:14:00')).to.equal('none');
    expect(card(tier, short, '2026-11-16T10:16:00')).to.equal('yellow');
    expect(card(tier, short, '2026-11-16T10:21:00')).to.equal('red');
  });

  it('has yellow, red and head steps of its own, earliest first', () => {
    const steps = levelEscalationSteps(cal, 3, ticket, level).map((s) => `${s.kind}:${s.level}`);
    // The sign-for head mail (3 working days after Tuesday: Friday night) comes just before the reply's red card.
    expect(steps).to.deep.equal(['sign:yellow', 'sign:red', 'due:yellow', 'sign:head', 'due:red', 'due:head']);
  });

  it('shows the main assignment in force with the ticket card, an earlier main one with none', () => {
    const t = {
      ...ticket,
      suspended_at: null,
      assignment_id: 7,
      signed_at: null,
      sign_deadline_at: db('2026-11-17T23:59:59'),
      sign_yellow_at: db('2026-11-17T00:00:00'),
    };
    const main = { ...level, id: 7, role: 'main' };
    expect(assignmentCard(t, main, at('2026-11-18T09:00:00'))).to.equal('red');
    expect(assignmentCard(t, { ...main, id: 6 }, at('2026-11-18T09:00:00'))).to.equal('none');
    expect(assignmentCard(t, { ...level, id: 8, role: 'down' }, at('2026-11-17T09:00:00'))).to.equal('yellow');
  });
});
