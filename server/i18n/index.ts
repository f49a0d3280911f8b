// The one message catalogue of Hotline, shared by the server and the pages (web/src/i18n.ts imports it; keep it
// free of Node imports): names of the trade, timeline events, refusals, field messages and mails, both languages.
import { renderEntry, type Entry, type Lang, type Params } from './catalogue.ts';
import { names } from './names.ts';
import { events } from './events.ts';
import { errorMessages } from './errors.ts';
import { workErrors } from './work-errors.ts';
import { validation } from './validation.ts';
import { mails } from './mails.ts';
import { coHandling } from './co-handling.ts';
import { dispatchCatalogue } from './dispatch-catalogue.ts';
import { levels } from './levels.ts';
import { unreasonable } from './unreasonable.ts';
import { recordings } from './recordings.ts';
import { attachmentPages } from './attachment-pages.ts';
import { attachments } from './attachments.ts';
import { sms } from './sms.ts';
import { peers } from './peers.ts';
import { open311Formats } from './open311-formats.ts';
import { linkage } from './linkage.ts';
import { upstream } from './upstream.ts';
import { itemCodes } from './item-codes.ts';
import { dataReport } from './data-report.ts';
import { ticketFeeds } from './ticket-feeds.ts';
import { location } from './location.ts';
import { repeats } from './repeats.ts';
import { hotIssues } from './hot-issues.ts';
import { surges } from './surges.ts';
import { areaMap } from './area-map.ts';
import { surgeWarnings } from './surge-warnings.ts';

export type { Entry, Lang, Params };

export const catalogue = {
  ...names,
  ...events,
  ...errorMessages,
  ...workErrors,
  ...validation,
  ...mails,
  ...coHandling,
  ...dispatchCatalogue,
  ...levels,
  ...unreasonable,
  ...recordings,
  ...attachmentPages,
  ...attachments,
  ...sms,
  ...peers,
  ...open311Formats,
  ...linkage,
  ...upstream,
  ...itemCodes,
  ...dataReport,
  ...ticketFeeds,
  ...location,
  ...repeats,
  ...hotIssues,
  ...surges,
  ...surgeWarnings,
  ...areaMap,
};
export type MessageKey = keyof typeof catalogue;

const entries: Record<string, Entry> = catalogue;

export const isMessageKey = (key: unknown): key is MessageKey =>
  typeof key === 'string' && Object.prototype.hasOwnProperty.call(entries, key);

/** The message in one language. */
export const render = (key: MessageKey, params: Params | undefined, lang: Lang): string =>
  renderEntry(entries, key, params, lang);

/** The message as the HTTP API says it: "中文 / English" (API clients and old pages read either half). */
export const bilingual = (key: MessageKey, params?: Params): string =>
  `${render(key, params, 'zh')} / ${render(key, params, 'en')}`;

/** The name of a value in one language (`named('status', 'replied', 'zh')` is 已答复), or the value itself. */
export const nameOf = (prefix: string, value: string | number, lang: Lang): string =>
  entries[`${prefix}.${value}`]?.[lang] ?? String(value);
