// Open311 GeoReport v2 input: the form of POST requests and the query of GET requests. GeoReport says an empty
// parameter means the same as a missing one, and lists may be comma-separated or repeated. Parameters the
// specification or its extensions define and Hotline does not use (jurisdiction_id, extensions, lang, device_id,
// account_id, email…) and any others a client adds are ignored, not refused: clients send them unasked.
import { z } from 'zod';

/** The longest span GET requests.json covers, and how many requests it answers at most (GeoReport v2). */
export const MAX_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;

const withoutEmpty = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined))
    : v;

const text = (max: number) => z.string().trim().max(max);
const coordinate = (limit: number) =>
  z
    .string()
    .trim()
    .regex(/^[-+]?\d{1,3}(\.\d{1,15})?$/, 'open311.decimalDegrees')
    .transform(Number)
    .pipe(z.number().refine((v) => Math.abs(v) <= limit, { error: 'open311.outOfRange', params: { limit } }));

/** attribute[code] fields: a value, or several for a multivaluelist (the field repeated). */
export const MAX_ATTRIBUTES = 30;
const attributeCode = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'open311.attributeCode');
const attributeValue = text(1000);
const attributes = z
  .record(attributeCode, z.union([attributeValue, z.array(attributeValue).max(20, 'open311.tooManyItems')]))
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, {
    error: 'open311.tooManyItems',
    params: { maximum: MAX_ATTRIBUTES },
  });

export const createRequestSchema = z.preprocess(
  withoutEmpty,
  z
    .object({
      // Read by the route before anything else (403 first).
      api_key: z.string().optional(),
      service_code: z.string({ error: 'field.required' }).trim().min(1, 'field.required').max(20),
      lat: coordinate(90).optional(),
      long: coordinate(180).optional(),
      address_string: text(255).optional(),
      address_id: text(100).optional(),
      attribute: attributes.optional(),
      first_name: text(50).optional(),
      last_name: text(50).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9(][0-9 ().-]{2,24}$/, 'field.phone')
        .transform((v) => v.replace(/[ ().-]/g, ''))
        .optional(),
      description: text(4000).optional(),
      media_url: z
        .url({ protocol: /^https?$/, error: 'open311.httpUrl' })
        .max(2000)
        .optional(),
    })
    .superRefine((v, ctx) => {
      if ((v.lat === undefined) !== (v.long === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [v.lat === undefined ? 'lat' : 'long'],
          message: 'open311.latLongTogether',
        });
      }
      if (v.lat === undefined && !v.address_string && !v.address_id) {
        ctx.addIssue({ code: 'custom', path: ['address_string'], message: 'open311.locationRequired' });
      }
    }),
);
export type CreateRequest = z.infer<typeof createRequestSchema>;

/** A comma list, also when the parameter is repeated (?status=open&status=closed). */
const list = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : v),
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item).min(1, 'open311.emptyList').max(max, 'open311.tooManyItems')),
  );

const w3cTime = z.iso.datetime({ offset: true, error: 'open311.w3cTime' }).transform((s) => new Date(s));
/**
 * A W3C date-time, or a plain date (YYYY-MM-DD) as many clients send: a day of Beijing time, from its first
 * moment for start_date and to its last for end_date, so a one-day range is that whole day.
 */
const dateOrTime = (edge: 'start' | 'end') =>
  z.preprocess((v) => {
    const day = typeof v === 'string' ? v.trim() : '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return v;
    return `${day}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}+08:00`;
  }, w3cTime);

export const listRequestsSchema = z.preprocess(
  withoutEmpty,
  z
    .object({
      service_request_id: list(z.string().regex(/^\d{1,20}$/, 'open311.requestNumber'), MAX_REQUESTS).optional(),
      service_code: list(
        z
          .string()
          .regex(/^\d{1,10}$/, 'open311.unknownServiceCode')
          .transform(Number),
        100,
      ).optional(),
      start_date: dateOrTime('start').optional(),
      end_date: dateOrTime('end').optional(),
      status: list(z.enum(['open', 'closed'], 'open311.openOrClosed'), 2).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.start_date && v.end_date) {
        if (v.end_date < v.start_date) {
          ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'open311.endBeforeStart' });
        } else if (v.end_date.getTime() - v.start_date.getTime() > MAX_SPAN_DAYS * 86_400_000) {
          ctx.addIssue({
            code: 'custom',
            path: ['end_date'],
            message: 'open311.spanTooLong',
            params: { days: MAX_SPAN_DAYS },
          });
        }
      }
    }),
);
export type ListRequests = z.infer<typeof listRequestsSchema>;

export const createKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
