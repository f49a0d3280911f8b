import { expect } from 'chai';
import { isWithheld, normalisePhone } from '../../server/lib/phone.ts';

describe('phone', () => {
  describe('normalisePhone', () => {
    it('reduces every way of writing a mobile number to the 11-digit national number', () => {
      for (const raw of [
        '13800138000',
        '+8613800138000',
        '+86 138 0013 8000',
        '0086-138-0013-8000',
        '8613800138000',
        ' 138-0013 8000 ',
        '(+86) 138.0013.8000',
        '１３８００１３８０００',
      ]) {
        expect(normalisePhone(raw), raw).to.equal('13800138000');
      }
    });

    it('gives a landline behind +86 its trunk 0 back, and leaves 400 numbers and short numbers as they are', () => {
      expect(normalisePhone('+86 10 8888 6666')).to.equal('01088886666');
      expect(normalisePhone('0086 21 6666 8888')).to.equal('02166668888');
      expect(normalisePhone('+86 571 8765 4321')).to.equal('057187654321');
      expect(normalisePhone('010-8888-6666')).to.equal('01088886666');
      expect(normalisePhone('+86 400 123 4567')).to.equal('4001234567');
      expect(normalisePhone('12345')).to.equal('12345');
    });

    it('strips a bare 86 only before a mobile number: a local number may begin with 86', () => {
      expect(normalisePhone('86123456')).to.equal('86123456');
      expect(normalisePhone('8601088886666')).to.equal('8601088886666');
    });

    it('keeps the country code of another country', () => {
      expect(normalisePhone('+852 9123 4567')).to.equal('+85291234567');
      expect(normalisePhone('001 212 555 0100')).to.equal('0012125550100');
    });

    it('is null for what is not a phone number', () => {
      for (const raw of ['', 'abc', '139abc0000', '+', '+86', '12', '1'.repeat(21), '13+800138000']) {
        expect(normalisePhone(raw), raw).to.equal(null);
      }
    });
  });

  describe('isWithheld', () => {
    it('is true without any digit, false as soon as there is one', () => {
      for (const raw of [null, undefined, '', '  ', 'anonymous', 'Unknown', 'withheld', 'PRIVATE', '隐藏号码'])
        expect(isWithheld(raw), String(raw)).to.equal(true);
      for (const raw of ['0', '139abc', '13800138000']) expect(isWithheld(raw), raw).to.equal(false);
    });
  });
});
