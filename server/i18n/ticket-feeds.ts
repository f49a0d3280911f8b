// The status feed on the ticket page (docs/integration.md "Status back to the upstream"): to which connected systems
// the order's changes are posted, and how their messages stand.
import type { Entry } from './catalogue.ts';

export const ticketFeeds = {
  'feed.syncedTo': { zh: '状态同步至 {peer}', en: 'status posted to {peer}' },
  'feed.counts': {
    zh: '已送达 {delivered} 条，待发送 {pending} 条',
    en: '{delivered} delivered, {pending} waiting',
  },
  'feed.failing': { zh: '{failing} 条发送失败', en: '{failing} failing' },
  'feed.ref': { zh: '对方编号 {ref}', en: 'their id {ref}' },
} satisfies Record<string, Entry>;
