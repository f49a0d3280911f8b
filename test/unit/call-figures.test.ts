import { expect } from 'chai';
import { connectionFigures } from '../../server/domain/calls/call-figures.ts';

describe('connectionFigures', () => {
  it('is answered / inbound and answered within 15 s / inbound', () => {
    expect(connectionFigures({ inbound: 8, answered: 6, answered_15s: 2 })).to.deep.equal({
      inbound: 8, answered: 6, answered_15s: 2, connection_rate: 0.75, connection_rate_15s: 0.25,
    });
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
