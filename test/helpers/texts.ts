// The texts (SMS) the file's service queued, read from its outbox as the gateway will receive them, and an order's
// query code as its acceptance text carries it.
import { testApp } from './test-app.ts';

export interface QueuedText {
  id: number;
  recipient: string;
  template: string;
  body: string;
  params: Record<string, string>;
  urgent: boolean;
  dedupe_key: string | null;
}

/** Every text queued to a number (or all), oldest first. */
export async function textsTo(phone?: string, template?: string): Promise<QueuedText[]> {
  const { services } = await testApp();
  const q = services.db('outbox').where({ kind: 'sms' }).orderBy('id');
  if (phone !== undefined) q.where({ recipient: phone });
  if (template !== undefined) q.where({ template });
  const rows = await q.select('id', 'recipient', 'template', 'body', 'params', 'urgent', 'dedupe_key');
  return rows.map((r) => ({ ...r, params: JSON.parse(r.params ?? '{}'), urgent: Boolean(r.urgent) }));
}

/** The query code the acceptance text of an order (by its number) carried. */
export async function queryCodeOf(number: string): Promise<string> {
  const accepted = (await textsTo(undefined, 'ticket_accepted')).find((t) => t.params.number === number);
  if (!accepted) throw new Error(`no acceptance text of ${number}`);
  return accepted.params.code;
}
