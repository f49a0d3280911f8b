// Open311 GeoReport v2 input: the form of POST requests.json and the query of GET requests.json. GeoReport
// says an empty parameter means the same as a missing one, and lists may be comma-separated or repeated.
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

export const createRequestSchema = z.preprocess(
  withoutEmpty,
  z
    .strictObject({
      // Read by the route before anything else (403 first); allowed here so the body may carry it.
      api_key: z.string().optional(),
      // One jurisdiction is served: GeoReport lets such a server ignore it.
      jurisdiction_id: text(191).optional(),
      service_code: z.string({ error: 'field.required' }).trim().min(1, 'field.required').max(20),
      lat: coordinate(90).optional(),
      long: coordinate(180).optional(),
      address_string: text(255).optional(),
      address_id: text(100).optional(),
      // Accepted as GeoReport defines them; a ticket has no place for them, so they are not kept.
      email: z.email('open311.email').max(254).optional(),
      device_id: text(100).optional(),
      account_id: text(100).optional(),
      first_name: text(50).optional(),
      last_name: text(50).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 -]{2,24}$/, 'field.phone')
        .transform((v) => v.replace(/[ -]/g, ''))
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

export const listRequestsSchema = z.preprocess(
  withoutEmpty,
  z
    .strictObject({
      jurisdiction_id: z.string().optional(),
      api_key: z.string().optional(),
      service_request_id: list(z.string().regex(/^\d{1,20}$/, 'open311.requestNumber'), MAX_REQUESTS).optional(),
      service_code: list(
        z
          .string()
          .regex(/^\d{1,10}$/, 'open311.unknownServiceCode')
          .transform(Number),
        100,
      ).optional(),
      start_date: w3cTime.optional(),
      end_date: w3cTime.optional(),
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

/** GET endpoints other than the request list take no parameters beyond these. */
export const noQuerySchema = z.strictObject({ jurisdiction_id: z.string().optional(), api_key: z.string().optional() });

export const createKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
