// The demo's connected systems (docs/integration.md): the provincial 12345 platform, the provincial 好差评
// system, the 110 command centre and the provincial data platform, each with the fixed key published in
// demo-peer-keys.ts so the reference's curl and Node examples sign as them against `npm start`. Loaded first, so
// the other demo files find their peer by code. Without a url their messages go to the log (and count as sent).
// Beside them a civic app's Open311 api_key, published too, for the reference's request examples.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { toDbTime } from '../lib/db.ts';
import { hashSecret } from '../lib/keyed-secrets.ts';
import { open311Repository } from '../domain/open311/open311.repository.ts';
import type { LinkagePartner, PeerKind, PeerRow } from '../domain/peers/peer.types.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

/** The demo civic app's api_key (docs/integration.md). Demo only: a real key is issued in 系统管理 and shown once. */
export const DEMO_OPEN311_KEY = { name: '随手拍市民应用（演示）', key: 'o311_demo-civic-app-key' };

type DemoPeerName = keyof typeof DEMO_PEERS;

const KINDS: Record<DemoPeerName, { kind: PeerKind; partner: LinkagePartner | null }> = {
  upstream: { kind: 'upstream', partner: null },
  provinceRatings: { kind: 'province_ratings', partner: null },
  linkage110: { kind: 'linkage', partner: '110' },
  dataReport: { kind: 'data_report', partner: null },
};

/** The demo peers by their DEMO_PEERS name. */
export async function loadPeers(s: Services): Promise<Record<DemoPeerName, PeerRow>> {
  const now = toDbTime(clock.now());
  const peers = {} as Record<DemoPeerName, PeerRow>;
  for (const name of Object.keys(DEMO_PEERS) as DemoPeerName[]) {
    const { code, name: title, keyId, secret } = DEMO_PEERS[name];
    peers[name] = await s.peers.registerWithKey({ code, name: title, ...KINDS[name] }, { keyId, secret });
  }
  await open311Repository.insertKey(s.db, {
    name: DEMO_OPEN311_KEY.name,
    key_hash: hashSecret(DEMO_OPEN311_KEY.key),
    key_prefix: DEMO_OPEN311_KEY.key.slice(0, 12),
    created_by: null,
    created_at: now,
  });
  return peers;
}
