// Requests from the demo's civic app through Open311 (docs/integration.md "Open311 (civic apps)"): two waiting in
// 待派单, posted with its published api_key as a client would, one carrying attribute[code] fields (kept in its
// description and create event) and both with the token GET tokens/:token resolves.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { open311Repository } from '../domain/open311/open311.repository.ts';
import { createRequestSchema } from '../domain/open311/open311.schemas.ts';
import { DEMO_OPEN311_KEY } from './demo-peers.ts';

const HOUR = 3_600_000;

export async function loadOpen311(s: Services, now: Date): Promise<void> {
  const key = await s.open311.keys.authenticate(DEMO_OPEN311_KEY.key).catch(() => null);
  const services = await open311Repository.services(s.db);
  const byName = (name: string) => services.find((c) => c.name === name) ?? services[0];
  if (!key || !services.length) return;
  const requests: Array<{ ago: number; form: Record<string, unknown> }> = [
    {
      ago: 3 * HOUR,
      form: {
        service_code: String(byName('噪音扰民')!.id),
        description: '小区楼下烧烤店每晚营业到凌晨两点，油烟和噪音很大',
        address_string: '东城区和平里七区3号楼',
        lat: '39.9612',
        long: '116.4187',
        attribute: { floor: '3', time_of_day: ['22:00', '02:00'] },
        device_id: 'demo-phone-1',
      },
    },
    {
      ago: HOUR,
      form: {
        service_code: String(byName('施工扰民')!.id),
        description: '工地夜间施工噪音，已持续一周',
        address_string: '朝阳区望京西园三区',
      },
    },
  ];
  for (const { ago, form } of requests) {
    clock.set(new Date(now.getTime() - ago));
    await s.open311.create(key, createRequestSchema.parse(form));
  }
}
