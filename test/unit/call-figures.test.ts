import { expect } from 'chai';
import { connectionFigures, operatorFigures } from '../../server/domain/calls/call-figures.ts';

describe('connectionFigures', () => {
  it('is answered / inbound and answered within 15 s / inbound', () => {
    expect(connectionFigures({ inbound: 8, answered: 6, answered_15s: 2 })).to.deep.equal({
      inbound: 8,
      answered: 6,
      answered_15s: 2,
      connection_rate: 0.75,
      connection_rate_15s: 0.25,
      transferred: 0,
      transferred_to: { '110': 0, '119': 0, '120': 0, '122': 0 },
    });
  });

  it('counts the transfers in all and per partner, every partner named', () => {
    const f = connectionFigures({ inbound: 5, answered: 5, answered_15s: 5, transferred_to: { '110': 2, '120': 1 } });
    expect(f.transferred).to.equal(3);
    expect(f.transferred_to).to.deep.equal({ '110': 2, '119': 0, '120': 1, '122': 0 });
  });

  it('is null, never 0 or 1, without calls', () => {
    const f = connectionFigures({ inbound: 0, answered: 0, answered_15s: 0 });
    expect(f.connection_rate).to.equal(null);
    expect(f.connection_rate_15s).to.equal(null);
  });

  it('is 0 when every call was missed', () => {
    expect(connectionFigures({ inbound: 3, answered: 0, answered_15s: 0 }).connection_rate).to.equal(0);
  });
});

describe('operatorFigures', () => {
  it('is the share of answered calls with a known wait that waited at most 15 s, and the talk time', () => {
    expect(operatorFigures({ answered: 4, wait_known: 2, answered_15s: 1, talk_s: 610 })).to.deep.equal({
      answered: 4,
      wait_known: 2,
      answered_15s: 1,
      answered_15s_rate: 0.5,
      talk_s: 610,
      avg_talk_s: 153,
    });
  });

  it('has no share when no wait is known, and no connection rate at all', () => {
    const f = operatorFigures({ answered: 2, wait_known: 0, answered_15s: 0, talk_s: 100 });
    expect(f.answered_15s_rate).to.equal(null);
    expect(f).to.not.have.any.keys('inbound', 'connection_rate', 'connection_rate_15s');
  });
});
