// Every setting of Hotline, documented once. Values come from the environment, parsed and checked at start by
// config/env.ts (each variable is described in docs/configuration.md); the numbers of the rules (deadlines, lockout,
// leaderboard weights) are defaults, not constants in code.
import path from 'node:path';
import { ConfigError, parseEnv } from './env.ts';

export { ConfigError };

export type DbClient = 'sqlite' | 'mysql';

/** Linyi's eight kinds of unreasonable demand (不合理诉求), kept out of the assessment; UNREASONABLE_KINDS replaces them. */
export const DEFAULT_UNREASONABLE_KINDS = [
  'illegal',
  'adjudicated',
  'repeated',
  'beyond_standard',
  'civil_dispute',
  'false_report',
  'out_of_scope',
  'no_conditions',
] as const;

/** What an attachment may be, by its content (docs/rules/attachments.md "Types"); ATTACHMENT_TYPES replaces it. */
export const DEFAULT_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'audio/mpeg',
  'audio/wav',
  'audio/amr',
] as const;

export interface Config {
  /** Where the service listens. */
  port: number;
  host: string;
  /** `sqlite` (embedded file) or `mysql` (MySQL or MariaDB through DATABASE_URL). */
  dbClient: DbClient;
  /** The SQLite file when dbClient is sqlite. */
  dbFile: string;
  /** mysql://user:pass@host:port/db when dbClient is mysql. */
  databaseUrl?: string;
  /** Load the documented demo data set into an empty database; default on for an empty SQLite file. */
  demoData?: boolean;
  /** Administrator created on an empty database. */
  adminUsername?: string;
  adminPassword?: string;
  /**
   * smtp://user:pass@host:port (STARTTLS required), smtps://... (implicit TLS), smtp://...?tls=off (opt-out);
   * empty writes mail to the log.
   */
  smtpUrl?: string;
  /** Signs QR tokens; generated and stored in the database when unset. */
  secret?: string;
  /** Behind one reverse proxy or load balancer that appends the client's address to X-Forwarded-For: take the
   *  client address (rate limits, audit) from there. Off: the connection's address (a direct deployment). */
  trustProxy: boolean;
  /** Log level for pino: fatal, error, warn, info, debug, silent. */
  logLevel: string;
  /** Public base address used in mail links. */
  publicUrl: string;
  /** The leaderboard groups a department may belong to (docs/rules/leaderboard.md: chosen from a configured list, not
   *  free text); the administration page offers them in a select and the API refuses any other. DEPARTMENT_GROUPS
   *  (comma-separated) overrides it; a group already stored stays valid until the department is edited. */
  departmentGroups: string[];
  calendar: {
    /** From this day (MM-DD, Beijing time) of each year, administrators are warned while the coming year has no
     *  official schedule (neither in chinese-days nor entered on the page); CALENDAR_WARN_FROM overrides it. A
     *  current year without one is warned about all year. */
    warnFrom: string;
  };
  auth: {
    /** Failed logins of one account from one address before the account is locked for that address (other
     *  addresses, the owner's, still sign in), and for how long (docs/rules/access.md). */
    maxFailedLogins: number;
    lockMinutes: number;
    /** Failed logins from one address (any usernames, known or not) within `lockMinutes` before the address is
     *  refused (429) for `lockMinutes`; LOGIN_FAILURES_PER_ADDRESS overrides it. */
    maxFailedPerAddress: number;
    /** A session ends after this many idle minutes. */
    idleMinutes: number;
    /** ...and this many hours after its sign-in however busy (SESSION_MAX_HOURS). */
    sessionMaxHours: number;
    /** scrypt cost (N); every hash stores its own parameters, so raising it keeps old hashes valid. */
    scryptCost: number;
  };
  leaderboard: {
    /** Weights of the score out of 100 (docs/rules/leaderboard.md). */
    weights: {
      on_time: number;
      satisfaction: number;
      sign_timely: number;
      completion: number;
      no_return: number;
      no_redo: number;
      /** 响应率, 解决率 and 回访率: 0 unless a city scores them (a missing rate's weight is shared, as satisfaction's). */
      response: number;
      resolution: number;
      callback: number;
    };
    /** Departments with fewer received tickets in the month are listed apart, unranked. */
    minSample: number;
    /** The red and the blue list each take a fifth of a group's ranked departments (rounded, at least 1), at
     *  most this many; a tie at the boundary stays out rather than swell the list. */
    listSize: number;
    /** A group with fewer ranked departments than this gets no lists (too few to call a fifth of them best). */
    minRanked: number;
    /** The board prepared on the 1st is published by the job on this day of the month, at autoPublishHour
     *  (Beijing), if no supervisor has published it by then; 0: only a supervisor publishes.
     *  LEADERBOARD_AUTO_PUBLISH_DAY and LEADERBOARD_AUTO_PUBLISH_HOUR override them. */
    autoPublishDay: number;
    /** The hour of that day (0-23); 18 by default: the supervisors have the whole working day of the 5th. */
    autoPublishHour: number;
    /** What the board and the dashboard's ranking score: a unit's own figures ('own', the default: a district is
     *  not ranked on its streets' work) or with its units below ('tree'); LEADERBOARD_SCOPE overrides it. */
    scope: 'own' | 'tree';
  };
  figures: {
    /** A report's figures when it does not ask (`scope=`): a unit's own ('own') or with its units below, each
     *  order counted once ('tree'; docs/rules/figures.md "Levels"); FIGURES_SCOPE overrides it. */
    scope: 'own' | 'tree';
  };
  /** The daily data report to the provincial data platform (docs/integration.md "Daily data reporting"). */
  dataReport: {
    /** DATA_REPORT_DIR: where each day's folder of files goes; '' (DATA_REPORT_DIR=off): no files, posts only. */
    dir: string;
    /** DATA_REPORT_AT: the Beijing time (HH:MM) after which yesterday is reported. */
    at: string;
    /** DATA_REPORT_START: a fresh install's first day to report (YYYY-MM-DD); unset: its first day with data. */
    start?: string;
    /** DATA_REPORT_MAX_DAYS: a fresh install reports at most this many days back (catching up always goes on). */
    maxDays: number;
    /** DATA_REPORT_CHUNK: records per posted message at most. */
    chunk: number;
  };
  rules: {
    /** A return (退单) is allowed within this many working days of dispatch. */
    returnWithinWorkdays: number;
    /** At most this many working days for the single extension of a ticket. */
    maxExtensionWorkdays: number;
    /** Urgent orders: sign-for within minutes, reply within hours. */
    urgentSignMinutes: number;
    urgentDueHours: number;
    /** Working days to sign for and to reply, by ticket type. */
    signWorkdays: number;
    dueWorkdays: Record<string, number>;
    /** A deadline missed by this many working days is mailed to the department head and the supervisors. */
    escalateHeadAfterWorkdays: number;
    /** Severity tiers of catalogue leaves with limits of their own, in wall time (docs/rules/deadlines.md): life
     *  (危及生命财产) and utility (水电气热). A leaf of tier normal keeps the by-type table. */
    severityTiers: Record<string, { signMinutes: number; dueHours: number }>;
    /** 转派: a level passed down is due this many working days before its parent's (never after it, never in the
     *  past) unless the passing unit gives `due_days`. */
    passDownWorkdaysBefore: number;
  };
  /** 会办 and 指定 (docs/rules/work-orders.md "Co-handling", "Disputes and designation"). */
  coHandling: {
    /** A co-unit's reply is due this many working days before the lead's (never after it, never in the past);
     *  a dispatch's `co_due_days` overrides it. CO_DUE_WORKDAYS_BEFORE. */
    dueWorkdaysBefore: number;
    /** Whether the resident's rating of an order also counts for its co-units' satisfaction (CO_UNITS_RATED=1);
     *  off by default: co-units are judged on timeliness, the lead on the resident's satisfaction. */
    unitsRated: boolean;
    /** After this many approved returns (退单) of one order a supervisor designates its unit (指定). */
    returnsBeforeDesignation: number;
  };
  /** 不合理诉求 (docs/rules/work-orders.md "Unreasonable demands"). */
  unreasonable: {
    /** The kinds a handler may name (codes; their words are in the catalogue, `unreasonable.kind.<code>`).
     *  UNREASONABLE_KINDS=illegal,repeated,... */
    kinds: string[];
    /** A closed order may still be applied for this many days after it closed. UNREASONABLE_CLOSED_DAYS. */
    closedWindowDays: number;
  };
  /** Escalation mail for supervisors (users carry no email): one shared mailbox; unset, none is sent. */
  supervisorsEmail?: string;
  mail: {
    /** The From of every mail. */
    from: string;
    /** A message is retried after 1, 2, 4... times `retryBaseSeconds`, at most `retryMaxSeconds` apart, for as
     *  long as it takes: only the server refusing the recipient (5xx to RCPT TO) fails it. Any other failure
     *  (no connection, timeouts, 4xx, a 5xx to AUTH, MAIL FROM or DATA such as 535) is retried. */
    retryBaseSeconds: number;
    retryMaxSeconds: number;
    /** From this many attempts of one message on (30: about a day at the defaults), each further failed
     *  attempt is logged as an error instead of a warning; the message is still retried. */
    alarmAfterAttempts: number;
    /** How long a sender's claim on a message lasts; a crash mid-send is retried after it (> SMTP timeouts). */
    claimSeconds: number;
    /** SMTP connection, greeting and socket timeouts (ms). */
    smtpTimeoutMs: number;
  };
  /** Texts (docs/rules/messages.md). Retries use mail's backoff (`mail.retryBaseSeconds`...). */
  sms: {
    /** The gateway texts are POSTed to (SMS_URL); unset, texts are written to the log with the number masked. */
    url?: string;
    /** Sent as `Authorization: Bearer` to the gateway, and asked of the gateway's receipts and opt-outs. */
    token?: string;
    /** The gateway's answer is awaited this long (ms); no answer is retried like an outage. SMS_TIMEOUT_MS. */
    timeoutMs: number;
    /** Quiet hours (no texts but urgent ones), HH:MM in `timeZone`; a start after the end spans midnight.
     *  SMS_QUIET_HOURS=22:00-08:00; equal start and end: none. */
    quietStart: string;
    quietEnd: string;
    timeZone: string;
    /** At most this many texts to one number in any hour (urgent ones neither counted nor held); more wait.
     *  SMS_PER_NUMBER_HOURLY; 0: no limit. */
    perNumberHourly: number;
  };
  /** Connected platforms (docs/integration.md "Delivery, signatures and keys"). Webhooks retry with mail's backoff. */
  peers: {
    /** A peer's answer to a webhook is awaited this long (ms); no answer is retried like an outage.
     *  WEBHOOK_TIMEOUT_MS. Kept below `mail.claimSeconds`, so a slow post is never claimed twice. */
    webhookTimeoutMs: number;
    /** After a rotation, the older keys are still accepted inbound this many hours. PEER_KEY_GRACE_HOURS. */
    keyGraceHours: number;
  };
  /** Files on orders (docs/rules/attachments.md): checked by content, images re-encoded, stored once by SHA-256. */
  attachments: {
    /** ATTACHMENTS_DIR: where the disk store keeps files (named by SHA-256 in two-character folders). */
    dir: string;
    /** ATTACHMENT_MAX_BYTES: an upload larger than this is refused (413) before anything is stored. */
    maxBytes: number;
    /** ATTACHMENT_TYPES: the media types accepted, as file-type reads them from the bytes (never the name). */
    types: string[];
    /** The longer side of an image's thumbnail (px). */
    thumbnailPx: number;
    /** An image of more pixels than this is refused (a small file that decompresses into gigabytes). */
    maxPixels: number;
    /** An S3-compatible store (ATTACHMENTS_S3_*, path-style) instead of the disk for new files; unset: the disk. */
    s3?: { endpoint: string; bucket: string; accessKey: string; secretKey: string; region: string };
  };
  /** The city's map of areas (docs/rules/hot-spots.md "The map"). */
  areaMap: {
    /** HOTSPOT_MAP_MAX_BYTES: an uploaded GeoJSON file larger than this is refused (413), nothing stored. */
    maxBytes: number;
  };
  /** Call recordings, kept by the telephone system and played through it (docs/rules/attachments.md). */
  recordings: {
    /** RECORDING_URL: where the telephone system serves a recording, `{ref}` standing for the call's recording_ref
     *  (URL-encoded), e.g. http://cti.local/recordings/{ref}. Unset: recordings cannot be played (503). */
    url?: string;
    /** RECORDING_TOKEN: sent as `Authorization: Bearer` to the telephone system. */
    token?: string;
    /** RECORDING_TIMEOUT_MS: how long the telephone system may take to start answering, and stay silent while it
     *  sends the audio, before the play fails (502, or the stream is cut). */
    timeoutMs: number;
  };
  jobs: {
    /** Run the scheduled jobs in this instance (JOBS=0 turns them off, e.g. for a web-only instance). */
    enabled: boolean;
    /** Tickets per page of the escalation sweep, and how many are escalated at once. */
    sweepBatch: number;
    sweepConcurrency: number;
    /** A job's lease lasts this long and is renewed every third of it while it runs; a crashed holder's lease
     *  expires, and its job waits that long to run elsewhere. */
    leaseSeconds: number;
  };
  ratings: {
    /** Days the single-use rating link of a replied ticket stays valid. */
    linkValidDays: number;
    /** A replied ticket without a rating closes after this many days with a defaulted 基本满意 (3). */
    autoCloseDays: number;
    /** How long a review device's key lookup is kept in memory (ms); a revocation made on another instance
     *  takes effect within this time (at once on the instance that made it). */
    deviceCacheMs: number;
    /** Device ratings dated more than this many minutes ahead of the server clock are refused (clock drift). */
    maxFutureMinutes: number;
    /** Device ratings older than this many days (an offline device's backlog) are refused. */
    maxAgeDays: number;
    /** A burst (docs/rules/reviews.md): when at least `count` ratings of the same score for one static QR code
     *  (window or staff) or one review device were given within `withinSeconds` of one of them, all of those
     *  ratings are flagged and held out of every figure until a supervisor confirms (they count, on the day they
     *  were given) or voids them. Single-use ticket links, callbacks and the web are never bursts. */
    burst: { count: number; withinSeconds: number };
    /** 回访: after this many failed callback attempts (no answer, wrong number, busy) on a replied order it closes
     *  as unreachable (联系不上) without a score (docs/rules/reviews.md: three). */
    callbackMaxAttempts: number;
    /** Days after the reply when a resident who has not rated through the texted link is invited once by text
     *  (rating_invite, docs/rules/messages.md). RATING_INVITE_DAYS. */
    inviteDays: number;
    /** 差评整改回访: the rectification of a named bad review (the resident known through the rated order) is called
     *  back after its reply and put right only when that callback is not bad again (RECTIFICATION_CALLBACK=1);
     *  off, it is put right by its on-time reply, as for an anonymous one (docs/rules/reviews.md). */
    rectificationCallback: boolean;
  };
  rateLimit: {
    /** Public endpoints (rating page, progress look-up): at most `publicPerWindow` requests per client IP
     *  in each fixed window of `windowSeconds`; more answer 429 RATE_LIMITED. */
    windowSeconds: number;
    publicPerWindow: number;
    /** Open311 POST requests.json: at most this many submissions per api_key (per client IP while the key is
     *  missing or wrong) in each window of `windowSeconds`. */
    open311PerWindow: number;
    /** The progress look-up, per ticket number whatever the address (a script guessing the last 4 digits from
     *  many addresses): after `lookupFailures` wrong guesses within `lookupFailureMinutes` of the first, the number
     *  answers 429 RATE_LIMITED (detail `number`), the right digits too, for `lookupCooldownMinutes`. 10,000
     *  possible endings at 5 an hour is months of guessing; a resident locked out meanwhile can call the hotline. */
    lookupFailures: number;
    lookupFailureMinutes: number;
    lookupCooldownMinutes: number;
  };
  intake: {
    /** Connection-rate figures: a call answered after at most this many seconds of waiting is "answered within
     *  15 s". */
    answeredWithinSeconds: number;
    /** Call records dated more than this many minutes ahead of the server clock are refused (clock drift). */
    maxFutureMinutes: number;
    /** Duplicate detection (并单) shows open orders created within this many days. */
    duplicateDays: number;
    /** Repeat demands (重复诉求): this many orders (the new one included) of one number, or of one place and
     *  category, within repeatWindowDays flag the new one (REPEAT_THRESHOLD, REPEAT_WINDOW_DAYS). */
    repeatThreshold: number;
    repeatWindowDays: number;
    /** Surges (突增预警, docs/rules/hot-spots.md): a day is a surge when its count reaches the smallest k with
     *  P(X >= k) <= surgeAlpha for the pair's usual count (Poisson, or negative binomial with the pair's own
     *  variance/mean ratio up to surgeMaxDispersion), and at least surgeMinCount; the baseline is the mean over
     *  surgeBaselineDays days before; a pair is tested once surgeMinHistoryDays days have been scanned before. */
    surgeAlpha: number;
    surgeMaxDispersion: number;
    surgeMinCount: number;
    surgeBaselineDays: number;
    surgeMinHistoryDays: number;
    /** An order waiting in the dispatch queue (待派单) longer than this many minutes is marked overdue there and
     *  counted in the queue's warning (DISPATCH_WAIT_WARN_MINUTES). */
    dispatchWaitWarnMinutes: number;
    /** How long a CTI key's lookup is kept in memory (ms); a revocation made on another instance takes effect
     *  within this time (at once on the instance that made it). */
    ctiKeyCacheMs: number;
    /** A missed call not called back within this many hours of its first miss is overdue (超时未回拨): marked
     *  in the callback queue and counted apart. CALLBACK_WITHIN_HOURS overrides it. */
    missedCallbackHours: number;
  };
}

/** The configuration from `source` (the process's environment), with `overrides` on top (tests, tools). Throws
 *  ConfigError naming every variable whose value is wrong. */
export function loadConfig(overrides: Partial<Config> = {}, source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(source);
  const base: Config = {
    port: env.PORT,
    host: env.HOST,
    dbClient: env.DB_CLIENT,
    dbFile: env.DB_FILE ?? path.join('data', 'hotline.sqlite'),
    databaseUrl: env.DATABASE_URL,
    demoData: env.DEMO_DATA === undefined ? undefined : env.DEMO_DATA === '1',
    adminUsername: env.ADMIN_USERNAME,
    adminPassword: env.ADMIN_PASSWORD,
    smtpUrl: env.SMTP_URL,
    secret: env.SECRET,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY === '1',
    publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
    // Streets and communities are ranked among their peers, not with the districts above them.
    departmentGroups: env.DEPARTMENT_GROUPS ?? ['区县', '市直部门', '街道乡镇', '社区村', '公共企事业单位'],
    calendar: { warnFrom: env.CALENDAR_WARN_FROM },
    ratings: {
      linkValidDays: 7,
      autoCloseDays: 7,
      deviceCacheMs: 5000,
      maxFutureMinutes: 10,
      maxAgeDays: 31,
      // One window serves one resident at a time: 5 equal scores for one code or device within 2 minutes is not
      // residents queueing, it is one hand tapping.
      burst: { count: env.RATING_BURST_COUNT, withinSeconds: env.RATING_BURST_SECONDS },
      callbackMaxAttempts: env.CALLBACK_MAX_ATTEMPTS,
      inviteDays: env.RATING_INVITE_DAYS,
      rectificationCallback: env.RECTIFICATION_CALLBACK === '1',
    },
    rateLimit: {
      windowSeconds: 60,
      publicPerWindow: env.RATE_LIMIT_PUBLIC,
      open311PerWindow: env.RATE_LIMIT_OPEN311,
      lookupFailures: env.LOOKUP_FAILURES,
      lookupFailureMinutes: env.LOOKUP_FAILURE_MINUTES,
      lookupCooldownMinutes: env.LOOKUP_COOLDOWN_MINUTES,
    },
    intake: {
      answeredWithinSeconds: 15,
      maxFutureMinutes: 5,
      duplicateDays: 7,
      repeatThreshold: env.REPEAT_THRESHOLD,
      repeatWindowDays: env.REPEAT_WINDOW_DAYS,
      surgeAlpha: env.SURGE_ALPHA,
      surgeMaxDispersion: env.SURGE_MAX_DISPERSION,
      surgeMinCount: env.SURGE_MIN_COUNT,
      surgeBaselineDays: env.SURGE_BASELINE_DAYS,
      surgeMinHistoryDays: env.SURGE_MIN_HISTORY_DAYS,
      dispatchWaitWarnMinutes: env.DISPATCH_WAIT_WARN_MINUTES,
      ctiKeyCacheMs: 5000,
      missedCallbackHours: env.CALLBACK_WITHIN_HOURS,
    },
    auth: {
      maxFailedLogins: 5,
      lockMinutes: 15,
      maxFailedPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
      idleMinutes: 30,
      sessionMaxHours: env.SESSION_MAX_HOURS,
      scryptCost: env.SCRYPT_COST,
    },
    leaderboard: {
      weights: {
        ...{ on_time: 30, satisfaction: 30, sign_timely: 15, completion: 15, no_return: 5, no_redo: 5 },
        response: env.LEADERBOARD_WEIGHT_RESPONSE,
        resolution: env.LEADERBOARD_WEIGHT_RESOLUTION,
        callback: env.LEADERBOARD_WEIGHT_CALLBACK,
      },
      minSample: 5,
      listSize: 5,
      minRanked: 3,
      autoPublishDay: env.LEADERBOARD_AUTO_PUBLISH_DAY,
      autoPublishHour: env.LEADERBOARD_AUTO_PUBLISH_HOUR,
      scope: env.LEADERBOARD_SCOPE,
    },
    figures: { scope: env.FIGURES_SCOPE },
    dataReport: {
      dir: env.DATA_REPORT_DIR === 'off' ? '' : (env.DATA_REPORT_DIR ?? path.join('data', 'reports')),
      at: env.DATA_REPORT_AT,
      start: env.DATA_REPORT_START,
      maxDays: env.DATA_REPORT_MAX_DAYS,
      chunk: env.DATA_REPORT_CHUNK,
    },
    rules: {
      returnWithinWorkdays: 2,
      maxExtensionWorkdays: 10,
      urgentSignMinutes: 30,
      urgentDueHours: 24,
      signWorkdays: 1,
      dueWorkdays: {
        inquiry: 3,
        help: 5,
        complaint: 15,
        report: 15,
        suggestion: 15,
        praise: 3,
        rectification: 15,
      },
      escalateHeadAfterWorkdays: 3,
      severityTiers: {
        life: { signMinutes: env.TIER_LIFE_SIGN_MINUTES, dueHours: env.TIER_LIFE_DUE_HOURS },
        utility: { signMinutes: env.TIER_UTILITY_SIGN_MINUTES, dueHours: env.TIER_UTILITY_DUE_HOURS },
      },
      passDownWorkdaysBefore: 1,
    },
    unreasonable: {
      kinds: env.UNREASONABLE_KINDS ?? [...DEFAULT_UNREASONABLE_KINDS],
      closedWindowDays: env.UNREASONABLE_CLOSED_DAYS,
    },
    coHandling: {
      dueWorkdaysBefore: env.CO_DUE_WORKDAYS_BEFORE,
      unitsRated: env.CO_UNITS_RATED === '1',
      returnsBeforeDesignation: 3,
    },
    supervisorsEmail: env.SUPERVISORS_EMAIL,
    mail: {
      from: env.MAIL_FROM,
      retryBaseSeconds: 60,
      retryMaxSeconds: 3600,
      alarmAfterAttempts: 30,
      claimSeconds: 120,
      smtpTimeoutMs: 30_000,
    },
    sms: {
      url: env.SMS_URL,
      token: env.SMS_TOKEN,
      timeoutMs: env.SMS_TIMEOUT_MS,
      quietStart: env.SMS_QUIET_HOURS.split('-')[0],
      quietEnd: env.SMS_QUIET_HOURS.split('-')[1],
      timeZone: 'Asia/Shanghai',
      perNumberHourly: env.SMS_PER_NUMBER_HOURLY,
    },
    peers: { webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS, keyGraceHours: env.PEER_KEY_GRACE_HOURS },
    recordings: { url: env.RECORDING_URL, token: env.RECORDING_TOKEN, timeoutMs: env.RECORDING_TIMEOUT_MS },
    attachments: {
      dir: env.ATTACHMENTS_DIR ?? path.join('data', 'attachments'),
      maxBytes: env.ATTACHMENT_MAX_BYTES,
      types: env.ATTACHMENT_TYPES ?? [...DEFAULT_ATTACHMENT_TYPES],
      thumbnailPx: 320,
      maxPixels: 40_000_000,
      s3: env.ATTACHMENTS_S3_ENDPOINT
        ? {
            endpoint: env.ATTACHMENTS_S3_ENDPOINT,
            bucket: env.ATTACHMENTS_S3_BUCKET!,
            accessKey: env.ATTACHMENTS_S3_ACCESS_KEY!,
            secretKey: env.ATTACHMENTS_S3_SECRET_KEY!,
            region: env.ATTACHMENTS_S3_REGION,
          }
        : undefined,
    },
    areaMap: { maxBytes: env.HOTSPOT_MAP_MAX_BYTES },
    jobs: {
      enabled: env.JOBS !== '0',
      sweepBatch: 500,
      sweepConcurrency: 4,
      leaseSeconds: env.JOBS_LEASE_SECONDS,
    },
  };
  return {
    ...base,
    ...overrides,
    auth: { ...base.auth, ...overrides.auth },
    rules: { ...base.rules, ...overrides.rules },
    ratings: { ...base.ratings, ...overrides.ratings },
    rateLimit: { ...base.rateLimit, ...overrides.rateLimit },
    mail: { ...base.mail, ...overrides.mail },
    sms: { ...base.sms, ...overrides.sms },
    attachments: { ...base.attachments, ...overrides.attachments },
    recordings: { ...base.recordings, ...overrides.recordings },
    jobs: { ...base.jobs, ...overrides.jobs },
    intake: { ...base.intake, ...overrides.intake },
    coHandling: { ...base.coHandling, ...overrides.coHandling },
    unreasonable: { ...base.unreasonable, ...overrides.unreasonable },
  };
}

/** For the entry points (server, CLI): the configuration, or the reasons it is wrong on stderr and exit code 1,
 *  without a stack trace (the message names every wrong variable; nothing else would help). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
