// 热点地图 in the demo (docs/rules/hot-spots.md "The map"): a small made-up city (demo-city.geojson, invented
// shapes around lng 116.4, lat 39.9, not real boundaries) whose areas are the demo's six districts, and inside 东城区
// and 朝阳区 their streets and communities, uploaded by the demo's administrator as a file would be.
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../services.ts';

const FILE = path.join(import.meta.dirname, 'demo-city.geojson');

export async function loadAreaMap(s: Services): Promise<void> {
  const admins = await s.users.list({ role: 'admin' });
  const admin = admins.find((u) => u.username === 'admin') ?? admins[0];
  if (!admin) return;
  await s.areaMaps.upload(
    { id: admin.id, role: 'admin', department_id: null },
    { filename: 'demo-city.geojson', bytes: fs.readFileSync(FILE) },
  );
}
