import { expect } from 'chai';
import { SchemaSet } from '../helpers/json-schema.ts';

const OPEN311 = new URL('../fixtures/open311/georeport-v2/', import.meta.url).pathname;

const valid = {
  service_request_id: '20261122000001',
  status: 'open',
  service_code: '3',
  requested_datetime: '2026-11-22T10:00:00+08:00',
  updated_datetime: null,
  lat: 39.9,
  long: null,
  description: '路灯不亮',
};

describe('SchemaSet', () => {
  const schemas = new SchemaSet().addFolder(OPEN311, ['swagger.json']);

  describe('validate', () => {
    it('accepts an answer that follows the Open311 request schema, through the reference by id', () => {
      expect(schemas.validate('requests.json', [valid])).to.deep.equal([]);
    });

    it('reports a missing required field, a value outside the enum and a wrong type, each with its path', () => {
      const { service_code: _, ...missing } = valid;
      const problems = schemas
        .validate('requests.json', [missing, { ...valid, status: 'pending', lat: '39.9' }])
        .join('\n');
      expect(problems).to.match(/\/0.*service_code/);
      expect(problems).to.match(/\/1\/status/);
      expect(problems).to.match(/\/1\/lat/);
    });

    it('requires an offset on date-times and a real calendar date', () => {
      for (const bad of ['2026-11-22T10:00:00', '2026-02-30T10:00:00Z', '2026-11-22T25:00:00+08:00']) {
        expect(schemas.validate('request.json', { ...valid, requested_datetime: bad }), bad).to.not.deep.equal([]);
      }
      for (const good of ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.123+08:00', '2024-02-29T00:00:00-05:00']) {
        expect(schemas.validate('request.json', { ...valid, requested_datetime: good }), good).to.deep.equal([]);
      }
    });

    it('counts maxLength in characters', () => {
      expect(schemas.validate('request.json', { ...valid, description: '字'.repeat(4000) })).to.deep.equal([]);
      expect(schemas.validate('request.json', { ...valid, description: '字'.repeat(4001) })).to.not.deep.equal([]);
    });
  });
});
