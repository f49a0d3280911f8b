// The words of the mails the service sends (Chinese only: they go to departments' mailboxes) and of its exports.
import type { Entry } from './catalogue.ts';

export const mails = {
} satisfies Record<string, Entry>;
