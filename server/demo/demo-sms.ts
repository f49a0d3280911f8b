// Texts in the demo (README "Demo accounts and what to try"): every demo order with a mobile got its query code and
// acceptance text, and every reply its reply text, as in real use (they wait in the outbox; with no SMS_URL the
// sender writes them to the log, numbers masked). So that a newcomer can try /track without reading the outbox, the
// demo's latest replied order is given the documented code 123456 (its acceptance text says so too), and the start
// log names its look-up address.
import type { Services } from '../services.ts';
import { withTransaction } from '../lib/db.ts';
import { ticketsRepository } from '../domain/tickets/tickets.repository.ts';
import { DEFAULT_SMS_TEMPLATES, renderTemplate } from '../domain/sms/sms-templates.ts';
import { trackUrl } from '../domain/sms/resident-texts.ts';

export const DEMO_QUERY_CODE = '123456';

export async function loadTexts(s: Services): Promise<void> {
  const t = await s
    .db('tickets')
    .where({ status: 'replied' })
    .whereNotNull('query_code')
    .orderBy('replied_at', 'desc')
    .orderBy('id', 'desc')
    .first('id', 'number');
  if (!t) return;
  await withTransaction(s.db, async (trx) => {
    await ticketsRepository.update(trx, t.id, { query_code: DEMO_QUERY_CODE });
    const texts = await trx('outbox')
      .where({ kind: 'sms', template: 'ticket_accepted' })
      .where('params', 'like', `%"number":"${t.number}"%`)
      .select('id', 'params');
    for (const text of texts) {
      const params = { ...JSON.parse(text.params), code: DEMO_QUERY_CODE };
      const body = renderTemplate(DEFAULT_SMS_TEMPLATES.ticket_accepted, params);
      await trx('outbox')
        .where({ id: text.id })
        .update({ params: JSON.stringify(params), body });
    }
  });
  s.logger.info({ url: `${trackUrl(s.config.publicUrl, t.number)}&code=${DEMO_QUERY_CODE}` }, 'demo: try /track');
}
