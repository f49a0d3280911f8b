// The environment, read once and checked at start. A misspelt value must stop the service with a sentence naming
// the variable, not run it on another database (DB_CLIENT=mariadb) or turn a limit into NaN that refuses everyone
// (RATE_LIMIT_PUBLIC=sixty). Every variable is documented once, in docs/configuration.md.
import { z } from 'zod';

/** A variable's schema and, for the message that stops the start, what its value must be. */
interface Variable<S extends z.ZodType = z.ZodType> {
  schema: S;
  must: string;
  /** Never echoed back in a message (passwords, keys, URLs that may carry a password). */
  secret?: boolean;
}

/** An empty value is the same as an unset one (a `VAR=` line in a service file). */
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function whole(min: number, max: number, fallback: number) {
  return {
    schema: z
      .string()
      .trim()
      .regex(/^\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .default(fallback),
    must: `a whole number from ${min} to ${max}`,
  };
}

/** A decimal number strictly between min and max (a probability: SURGE_ALPHA). */
function fraction(min: number, max: number, fallback: number) {
  return {
    schema: z
      .string()
      .trim()
      .regex(/^\d*\.?\d+(e-?\d+)?$/i)
      .transform(Number)
      .pipe(z.number().gt(min).lt(max))
      .default(fallback),
    must: `a number above ${min} and below ${max}`,
  };
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return { schema: z.enum(values).default(fallback as never), must: `one of ${values.join(', ')}` };
}

function maybeOneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return { schema: z.enum(values).optional(), must: `one of ${values.join(', ')}` };
}

function text(max: number, fallback: string) {
  return { schema: z.string().max(max).default(fallback), must: `at most ${max} characters` };
}

function maybeText(max: number, secret = false) {
  return { schema: z.string().max(max).optional(), must: `at most ${max} characters`, secret };
}

function url(protocols: readonly string[], must: string, secret: boolean) {
  return {
    schema: z
      .string()
      .trim()
      .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol))
      .optional(),
    must,
    secret,
  };
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Every environment variable Hotline reads (the README and docs/configuration.md say what each one does). */
export const VARIABLES = {
  PORT: whole(0, 65535, 3000),
  HOST: text(255, '127.0.0.1'),
  DB_CLIENT: oneOf(['sqlite', 'mysql'], 'sqlite'),
  DB_FILE: maybeText(4096),
  DATABASE_URL: url(['mysql:'], 'a URL mysql://user:password@host:port/database', true),
  DEMO_DATA: maybeOneOf(['0', '1']),
  ADMIN_USERNAME: maybeText(64),
  ADMIN_PASSWORD: maybeText(255, true),
  SMTP_URL: url(['smtp:', 'smtps:'], 'a URL smtp://user:password@host:port or smtps://…', true),
  SECRET: maybeText(1024, true),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  TRUST_PROXY: oneOf(['0', '1'], '0'),
  PUBLIC_URL: url(['http:', 'https:'], 'a URL http://… or https://…', false),
  DEPARTMENT_GROUPS: {
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(50)).min(1))
      .optional(),
    must: 'a comma-separated list of group names of at most 50 characters each',
  },
  CALENDAR_WARN_FROM: { schema: z.string().trim().regex(MONTH_DAY).default('10-01'), must: 'a day MM-DD, e.g. 10-01' },
  RATING_BURST_COUNT: whole(0, 1000, 5),
  RATING_BURST_SECONDS: whole(1, 86_400, 120),
  CALLBACK_MAX_ATTEMPTS: whole(1, 100, 3),
  RATING_INVITE_DAYS: whole(1, 60, 3),
  RECTIFICATION_CALLBACK: oneOf(['0', '1'], '1'),
  RATE_LIMIT_PUBLIC: whole(1, 1_000_000, 60),
  RATE_LIMIT_OPEN311: whole(1, 1_000_000, 30),
  LOOKUP_FAILURES: whole(0, 1000, 5),
  LOOKUP_FAILURE_MINUTES: whole(1, 10_080, 60),
  LOOKUP_COOLDOWN_MINUTES: whole(1, 10_080, 60),
  DISPATCH_WAIT_WARN_MINUTES: whole(1, 10_080, 30),
  REPEAT_THRESHOLD: whole(2, 100, 3),
  REPEAT_WINDOW_DAYS: whole(1, 366, 30),
  SURGE_ALPHA: fraction(0, 0.5, 0.0001),
  SURGE_MAX_DISPERSION: whole(1, 16, 4),
  SURGE_MIN_COUNT: whole(1, 10_000, 8),
  SURGE_BASELINE_DAYS: whole(7, 366, 28),
  SURGE_MIN_HISTORY_DAYS: whole(1, 366, 7),
  CALLBACK_WITHIN_HOURS: whole(1, 720, 2),
  LOGIN_FAILURES_PER_ADDRESS: whole(1, 100_000, 30),
  SESSION_MAX_HOURS: whole(1, 720, 12),
  SCRYPT_COST: {
    // Node's scrypt takes a power of two; above 2^20 it needs more memory than its default limit allows. Lower
    // than the default 16384 only for a quick development machine: every hash keeps its own cost.
    schema: whole(1024, 1_048_576, 16_384).schema.refine((n) => (n & (n - 1)) === 0),
    must: 'a power of two from 1024 to 1048576',
  },
  // A day every month has (no 30 February); 0: only a supervisor publishes.
  LEADERBOARD_AUTO_PUBLISH_DAY: whole(0, 28, 5),
  LEADERBOARD_AUTO_PUBLISH_HOUR: whole(0, 23, 18),
  // The board's weights of the response, resolution and callback rates: 0 (left out) unless a city scores them.
  LEADERBOARD_WEIGHT_RESPONSE: whole(0, 100, 0),
  LEADERBOARD_WEIGHT_RESOLUTION: whole(0, 100, 0),
  LEADERBOARD_WEIGHT_CALLBACK: whole(0, 100, 0),
  // A unit's figures with its units below (tree) or its own only (docs/rules/figures.md "Levels"): the reports'
  // default, and what the board and the dashboard's ranking score (own: a district is not ranked on its streets).
  FIGURES_SCOPE: oneOf(['own', 'tree'], 'own'),
  LEADERBOARD_SCOPE: oneOf(['own', 'tree'], 'own'),
  SUPERVISORS_EMAIL: { schema: z.email().optional(), must: 'an email address' },
  MAIL_FROM: text(255, '12345热线 <noreply@12345.example>'),
  JOBS: oneOf(['0', '1'], '1'),
  JOBS_LEASE_SECONDS: whole(10, 3600, 60),
  SMS_URL: url(['http:', 'https:'], 'a URL http://… or https://…', true),
  SMS_TOKEN: maybeText(1024, true),
  SMS_TIMEOUT_MS: whole(100, 120_000, 10_000),
  SMS_QUIET_HOURS: {
    schema: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/)
      .default('22:00-08:00'),
    must: 'two times HH:MM-HH:MM, e.g. 22:00-08:00',
  },
  SMS_PER_NUMBER_HOURLY: whole(0, 1000, 5),
  // Connected platforms: how long a peer's answer to a webhook is awaited; how long a rotated key stays accepted.
  WEBHOOK_TIMEOUT_MS: whole(100, 60_000, 10_000),
  PEER_KEY_GRACE_HOURS: whole(0, 720, 72),
  // Call recordings (docs/rules/attachments.md "Call recordings"): the telephone system's address of a recording,
  // `{ref}` standing for the call's recording_ref (URL-encoded); may carry credentials, so never echoed.
  RECORDING_URL: {
    schema: url(['http:', 'https:'], '', true).schema.refine((v) => v === undefined || v.includes('{ref}')),
    must: 'a URL http://… or https://… with {ref} where the recording reference goes',
    secret: true,
  },
  RECORDING_TOKEN: maybeText(1024, true),
  RECORDING_TIMEOUT_MS: whole(100, 120_000, 10_000),
  // Attachments (docs/rules/attachments.md): the disk store's folder, the size limit, the types accepted by content,
  // and an S3-compatible store instead of the disk (all four of endpoint, bucket and keys, or none).
  ATTACHMENTS_DIR: maybeText(4096),
  ATTACHMENT_MAX_BYTES: whole(1024, 1_073_741_824, 10 * 1024 * 1024),
  // The uploaded map of the city's areas (docs/rules/hot-spots.md "The map"): read apart from the 256 kB JSON body.
  HOTSPOT_MAP_MAX_BYTES: whole(1024, 16 * 1024 * 1024, 8 * 1024 * 1024),
  ATTACHMENT_TYPES: {
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1))
      .optional(),
    must: 'a comma-separated list of media types, e.g. image/jpeg,application/pdf',
  },
  ATTACHMENTS_S3_ENDPOINT: url(['http:', 'https:'], 'a URL http://… or https://…', false),
  ATTACHMENTS_S3_BUCKET: maybeText(63),
  ATTACHMENTS_S3_ACCESS_KEY: maybeText(1024, true),
  ATTACHMENTS_S3_SECRET_KEY: maybeText(1024, true),
  ATTACHMENTS_S3_REGION: text(64, 'us-east-1'),
  CO_DUE_WORKDAYS_BEFORE: whole(0, 30, 2),
  CO_UNITS_RATED: oneOf(['0', '1'], '0'),
  // 不合理诉求: the kinds a handler names, comma-separated codes (docs/rules/work-orders.md "Unreasonable demands").
  UNREASONABLE_KINDS: {
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/)).min(1))
      .optional(),
    must: 'a comma-separated list of codes (a-z, 0-9, _; at most 32 characters each)',
  },
  UNREASONABLE_CLOSED_DAYS: whole(0, 366, 30),
  // The daily data report (docs/integration.md "Daily data reporting"): its folder ('off': none), the Beijing time
  // after which yesterday is reported, a fresh install's first day and how far back it may go, records per post.
  DATA_REPORT_DIR: maybeText(4096),
  DATA_REPORT_AT: {
    schema: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .default('02:00'),
    must: 'a time HH:MM (Beijing), e.g. 02:00',
  },
  DATA_REPORT_START: { schema: z.iso.date().optional(), must: 'a date YYYY-MM-DD' },
  DATA_REPORT_MAX_DAYS: whole(1, 366, 31),
  DATA_REPORT_CHUNK: whole(1, 5000, 200),
  TIER_LIFE_SIGN_MINUTES: whole(1, 1440, 15),
  TIER_LIFE_DUE_HOURS: whole(1, 720, 24),
  TIER_UTILITY_SIGN_MINUTES: whole(1, 1440, 30),
  TIER_UTILITY_DUE_HOURS: whole(1, 720, 24),
} satisfies Record<string, Variable>;

type Vars = typeof VARIABLES;
export type Env = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

const schema = z
  .object(
    Object.fromEntries(Object.entries(VARIABLES).map(([name, v]) => [name, z.preprocess(blankIsUnset, v.schema)])),
  )
  .superRefine((env, ctx) => {
    if (env.DB_CLIENT === 'mysql' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'DATABASE_URL is required when DB_CLIENT=mysql',
      });
    }
    const s3 = ['ENDPOINT', 'BUCKET', 'ACCESS_KEY', 'SECRET_KEY'].map((k) => `ATTACHMENTS_S3_${k}`);
    const s3Set = s3.filter((k) => env[k as keyof typeof env]);
    if (s3Set.length && s3Set.length < s3.length) {
      const missing = s3.find((k) => !env[k as keyof typeof env])!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `${missing} is required with the other ATTACHMENTS_S3_ variables: set all four, or none`,
      });
    }
    // The gateway is posted to with the token, and its receipts are checked against it: a gateway without one would
    // take texts while every receipt and opt-out it sends back is refused.
    if (env.SMS_URL && !env.SMS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SMS_TOKEN'], message: 'SMS_TOKEN is required when SMS_URL is set' });
    }
    if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_USERNAME ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME'],
        message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together: set both, or neither',
      });
    }
  });

/** The environment refused: `message` names every wrong variable and what it must be, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hotline cannot start, its configuration is wrong:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the given environment (process.env at start); throws ConfigError naming every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data as Env;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]) as keyof Vars;
    if (issue.code === 'custom' && issue.message.includes(name)) return issue.message;
    const variable: Variable = VARIABLES[name];
    const given = variable.secret ? '' : ` (it is ${JSON.stringify(source[name])})`;
    return `${name} must be ${variable.must}${given}`;
  });
  throw new ConfigError([...new Set(problems)]);
}
