// Quiet hours and masking of texts (docs/rules/messages.md "Quiet hours", "Masking"), without a database.
import { expect } from 'chai';
import { inQuietHours, quietHoursEnd, sendableAt } from '../../server/domain/sms/sms-schedule.ts';
import { classifyStatus, maskNumbersIn, maskPhone } from '../../server/domain/sms/sms-gateway.ts';
import { loadConfig } from '../../config/default.ts';

const night = { quietStart: '22:00', quietEnd: '08:00', timeZone: 'Asia/Shanghai' };
const bj = (local: string) => new Date(`${local}+08:00`);

describe('texts: quiet hours and masking', () => {
  it('keeps 22:00-08:00 Beijing time quiet, across midnight, whatever the server time zone', () => {
    expect(inQuietHours(bj('2030-06-05T21:59:59'), night)).to.equal(false);
    expect(inQuietHours(bj('2030-06-05T22:00:00'), night)).to.equal(true);
    expect(inQuietHours(bj('2030-06-06T03:00:00'), night)).to.equal(true);
    expect(inQuietHours(bj('2030-06-06T08:00:00'), night)).to.equal(false);
    expect(quietHoursEnd(bj('2030-06-05T23:17:42'), night)).to.deep.equal(bj('2030-06-06T08:00:00'));
    expect(quietHoursEnd(bj('2030-06-06T07:59:59'), night)).to.deep.equal(bj('2030-06-06T08:00:00'));
    expect(quietHoursEnd(bj('2030-06-06T12:00:00'), night)).to.equal(null);
  });

  it('lets urgent texts go at once, and knows quiet hours within one day and none at all', () => {
    expect(sendableAt(bj('2030-06-05T23:00:00'), true, night)).to.deep.equal(bj('2030-06-05T23:00:00'));
    expect(sendableAt(bj('2030-06-05T23:00:00'), false, night)).to.deep.equal(bj('2030-06-06T08:00:00'));
    const lunch = { ...night, quietStart: '12:00', quietEnd: '13:30' };
    expect(inQuietHours(bj('2030-06-05T12:30:00'), lunch)).to.equal(true);
    expect(inQuietHours(bj('2030-06-05T13:30:00'), lunch)).to.equal(false);
    expect(quietHoursEnd(bj('2030-06-05T12:30:00'), lunch)).to.deep.equal(bj('2030-06-05T13:30:00'));
    expect(inQuietHours(bj('2030-06-05T23:00:00'), { ...night, quietEnd: '22:00' })).to.equal(false);
  });

  it('reads SMS_QUIET_HOURS and refuses a wrong one', () => {
    const sms = loadConfig({}, { SMS_QUIET_HOURS: '21:30-07:00' }).sms;
    expect(sms).to.include({ quietStart: '21:30', quietEnd: '07:00', timeZone: 'Asia/Shanghai', perNumberHourly: 5 });
    expect(() => loadConfig({}, { SMS_QUIET_HOURS: '22-8' })).to.throw(/SMS_QUIET_HOURS must be two times HH:MM-HH:MM/);
    expect(() => loadConfig({}, { SMS_TOKEN: 'x', SMS_URL: 'ftp://gw' })).to.throw(/SMS_URL/);
    expect(() => loadConfig({}, { SMS_URL: 'https://gw.example/send' })).to.throw(/SMS_TOKEN is required/);
  });

  it('masks a number as 138****1234, and every mobile number inside a text', () => {
    expect(maskPhone('13812341234')).to.equal('138****1234');
    expect(maskNumbersIn('invalid number 13812341234 (13912345678)')).to.equal(
      'invalid number 138****1234 (139****5678)',
    );
  });

  it('fails a text for good on a 4xx about the text, and retries our token refused, throttling and 5xx', () => {
    for (const s of [400, 404, 410, 422]) expect(classifyStatus(s).permanent, String(s)).to.equal(true);
    for (const s of [401, 403, 408, 429, 500, 502, 503]) expect(classifyStatus(s).permanent, String(s)).to.equal(false);
  });
});
