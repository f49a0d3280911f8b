// What a resident receives by text (docs/rules/messages.md "What residents and liaison officers receive"): the
// acceptance text with the order's number and query code, the reply text with the answer's summary and the
// single-use rating link, and one invitation to rate some days later. Only a mainland mobile receives texts (a
// landline has nothing to receive them on); a confidential order's resident is texted all the same: the hotline
// knows them, only the handling unit does not. Every text is queued in the transaction of its cause.
import { randomInt } from 'node:crypto';
import type { SmsMessage } from './sms-outbox.ts';

const MOBILE = /^1[3-9]\d{9}$/;
/** How much of the answer the reply text quotes: a text of 70 Chinese characters is one message. */
const SUMMARY_CHARS = 60;

/** Whether a stored number can receive texts. */
export const isMobile = (phone: string | null | undefined): phone is string => MOBILE.test(phone ?? '');

/** Six random digits (leading zeros kept): what /track asks for with the number. */
export const newQueryCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

const base = (publicUrl: string) => publicUrl.replace(/\/$/, '');

/** The look-up page with the number filled in; the code stays out of the link (a forwarded text shows both). */
export const trackUrl = (publicUrl: string, number: string) =>
  `${base(publicUrl)}/track?number=${encodeURIComponent(number)}`;

/** The single-use rating link's address (the same /rate/<token> as a QR code's). */
export const rateUrl = (publicUrl: string, token: string) => `${base(publicUrl)}/rate/${token}`;

/** The answer's first characters, its whitespace collapsed, an ellipsis when cut; its closing punctuation is left
 *  to the template (which goes on with 。). */
export function summaryOf(text: string, max = SUMMARY_CHARS): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[。．.！!；;，,、]+$/u, '');
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}

interface Order {
  number: string;
  caller_phone: string | null;
  urgency?: string;
}

export const residentTexts = {
  /** On acceptance (every way an order is created): null for an order with no mobile, or no code. */
  accepted(t: Order & { query_code?: string | null }, publicUrl: string): SmsMessage | null {
    if (!isMobile(t.caller_phone) || !t.query_code) return null;
    return {
      to: t.caller_phone,
      template: 'ticket_accepted',
      params: { number: t.number, code: t.query_code, track_url: trackUrl(publicUrl, t.number) },
      // An urgent order (a danger) is told at once, night or day.
      urgent: t.urgency === 'urgent',
    };
  },

  /** On the hotline's answer (the reply of the unit holding the order), with the link issued in that reply; `urgent`
   *  for an order on the wall clock (urgent, a 15/30-minute tier). */
  replied(
    t: Order,
    resolution: string,
    token: string,
    publicUrl: string,
    assignmentId: number,
    urgent = false,
  ): SmsMessage | null {
    if (!isMobile(t.caller_phone)) return null;
    return {
      to: t.caller_phone,
      template: 'ticket_replied',
      params: { number: t.number, summary: summaryOf(resolution), rate_url: rateUrl(publicUrl, token) },
      urgent,
      dedupe_key: `sms:replied:${assignmentId}`,
    };
  },

  /** Some days after an unrated reply, once per assignment. */
  ratingInvite(
    t: Order & { token: string; assignment_id: number },
    days: number,
    publicUrl: string,
  ): SmsMessage & { dedupe_key: string } {
    return {
      to: t.caller_phone!,
      template: 'rating_invite',
      params: { number: t.number, days: String(days), rate_url: rateUrl(publicUrl, t.token) },
      dedupe_key: `sms:invite:${t.assignment_id}`,
    };
  },
};
