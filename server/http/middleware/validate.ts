// Validation at the edge: zod schemas reject unknown fields and report every problem with its path.
import { z, type ZodType } from 'zod';
import { errors } from '../../lib/errors.ts';

// Zod's own words are English and technical ("Too small: expected string to have >=1 characters"); a person reads
// these under a field, so say them as the rest of the API does (中文 / English). A schema's own message still wins.
const FORMATS: Record<string, string> = { email: '邮箱格式不正确 / invalid email address', date: '日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD' };
z.config({
  customError: (iss) => {
    const i = iss as typeof iss & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; format?: string; values?: unknown[] };
    switch (i.code) {
      case 'invalid_type':
        return i.input === undefined ? '必填 / required' : `类型不正确 / expected ${i.expected}`;
      case 'too_small':
        if (i.origin === 'string') return Number(i.minimum) <= 1 ? '不能为空 / required' : `至少 ${i.minimum} 个字符 / at least ${i.minimum} characters`;
        if (i.origin === 'number') return i.inclusive ? `不能小于 ${i.minimum} / at least ${i.minimum}` : `须大于 ${i.minimum} / must be more than ${i.minimum}`;
        return undefined;
      case 'too_big':
        if (i.origin === 'string') return `最多 ${i.maximum} 个字符 / at most ${i.maximum} characters`;
        if (i.origin === 'number') return i.inclusive ? `不能大于 ${i.maximum} / at most ${i.maximum}` : `须小于 ${i.maximum} / must be less than ${i.maximum}`;
        return undefined;
      case 'invalid_format':
        return FORMATS[i.format ?? ''] ?? '格式不正确 / invalid format';
      case 'invalid_value':
        return `取值无效，应为：${(i.values ?? []).join('、')} / expected one of ${(i.values ?? []).join(', ')}`;
      default:
        return undefined;
    }
  },
});

export function parse<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw errors.validation(
    result.error.issues.flatMap((i) =>
      // An unknown field is a problem of that field: one detail per key, with the key in its path.
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: [...i.path, k].map(String).join('.'), message: '不允许的字段 / unknown field' }))
        : [{ path: i.path.map(String).join('.'), message: i.message }]),
  );
}
