// Connected platforms (docs/integration.md): the refusals of signed requests and the words the pages share.
import type { Entry } from './catalogue.ts';

export const peers = {
  'thing.peer': { zh: '对接系统', en: 'connected system' },
  'peers.badSignature': {
    zh: '缺少或无效的对接密钥或签名',
    en: 'missing or invalid peer key or signature',
  },
  'peers.notJson': { zh: '请求体应为 JSON（Content-Type: application/json）', en: 'the body must be JSON' },
} satisfies Record<string, Entry>;
