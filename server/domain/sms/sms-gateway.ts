// The way out for texts: an HTTP POST to the gateway of SMS_URL (docs/rules/messages.md), or, without one, the log.
// Whatever is logged names the number masked (138****1234): a resident's number is personal data, and logs are read
// by more people, and kept longer, than the outbox.
import type { Config } from '../../../config/default.ts';
import type { Logger } from '../../lib/logger.ts';

export interface Sms {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
  /** `sms-<outbox id>`: the gateway's receipts name it, and a gateway can recognise a text sent twice. */
  messageId: string;
}

export interface SmsGateway {
  send(sms: Sms): Promise<void>;
}

/**
 * A refusal or an outage of the gateway. `permanent`: the gateway refused this text itself (a 4xx other than
 * 401/403/408/429: a number it cannot send to, a text it will not take) and sending it again would be refused
 * alike. `serverWide`: no answer, a 5xx or a refused token, which the rest of the run's texts would meet too.
 */
export class SmsGatewayError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly permanent: boolean,
    readonly serverWide: boolean,
  ) {
    super(message);
    this.name = 'SmsGatewayError';
  }
}

/** The number as a log may show it: the first three and last four digits of a mobile (138****1234). */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length > 4) return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
  return '****';
}

/** A text with every mobile-looking number in it masked (a template's values may carry one). */
export const maskNumbersIn = (text: string): string => text.replace(/1[3-9]\d{9}/g, (n) => maskPhone(n));

/** The values that open or rate a resident's order: the query code and the single-use rating link. */
const SECRET_PARAMS: Record<string, (v: string) => string> = {
  code: () => '******',
  rate_url: (v) => v.replace(/\/rate\/.*$/, '/rate/******'),
};

/** A text as a log may show it: numbers masked, the query code and the rating link left out (the resident's alone,
 *  docs/rules/messages.md "What residents and liaison officers receive"). */
export function loggableText(m: Pick<Sms, 'text' | 'params'>): string {
  let text = m.text;
  for (const [name, hide] of Object.entries(SECRET_PARAMS)) {
    const value = m.params[name];
    if (!value) continue;
    // The value alone, not digits inside a longer number (a code may recur in the order's number).
    const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    text = text.replace(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'g'), hide(value));
  }
  return maskNumbersIn(text);
}

/** Our token refused, or the gateway asking us to slow down or wait: about every text, not this one. */
const NOT_ABOUT_THE_TEXT = new Set([401, 403, 408, 429]);

export function classifyStatus(status: number): { permanent: boolean; serverWide: boolean } {
  if (status >= 400 && status < 500 && !NOT_ABOUT_THE_TEXT.has(status)) return { permanent: true, serverWide: false };
  return { permanent: false, serverWide: true };
}

/** The gateway of `sms.url`, read at each send (so a changed setting applies to the next run); the log without. */
export function createSmsGateway(sms: Config['sms'], logger: Logger): SmsGateway {
  return {
    async send(m) {
      if (!sms.url) {
        // Masking the text costs a regular expression per secret: not for a log that drops the line anyway.
        if (!logger.isLevelEnabled('info')) return;
        logger.info(
          { sms: { to: maskPhone(m.to), template: m.template, text: loggableText(m), messageId: m.messageId } },
          'text (no SMS_URL: written to the log)',
        );
        return;
      }
      let res: Response;
      try {
        res = await fetch(sms.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(sms.token ? { authorization: `Bearer ${sms.token}` } : {}),
          },
          body: JSON.stringify({
            to: m.to,
            template: m.template,
            params: m.params,
            text: m.text,
            message_id: m.messageId,
          }),
          signal: AbortSignal.timeout(sms.timeoutMs),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        const why =
          e.name === 'TimeoutError' ? `no answer within ${sms.timeoutMs} ms` : (e.cause?.code ?? e.message ?? 'error');
        throw new SmsGatewayError(`gateway unreachable: ${why}`, null, false, true);
      }
      // The answer's words may quote the number back: only its status and a masked excerpt are kept.
      const body = maskNumbersIn((await res.text().catch(() => '')).slice(0, 200));
      if (res.ok) return;
      const { permanent, serverWide } = classifyStatus(res.status);
      throw new SmsGatewayError(
        `gateway answered ${res.status}${body ? `: ${body}` : ''}`,
        res.status,
        permanent,
        serverWide,
      );
    },
  };
}
