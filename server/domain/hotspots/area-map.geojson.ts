// The city's map as an administrator uploads it (docs/rules/hot-spots.md "The map"): a GeoJSON FeatureCollection
// of Polygon/MultiPolygon features, each naming the territorial unit (区县, 街道乡镇, 社区村) it draws by
// properties.unit_id or properties.name. Every problem is reported with its field path (features[3].geometry.type),
// so an administrator fixes the file once; a file with any problem stores nothing.
import { z } from 'zod';
import { detail, errors, type ErrorDetail } from '../../lib/errors.ts';
import { issueDetails } from '../../http/middleware/validate.ts';
import type { UnitTree } from '../departments/unit-tree.ts';

/** A city's districts, streets and communities: a few thousand at most. */
export const MAX_FEATURES = 5000;
/** A file with many broken rings would list thousands of problems; the first ones are enough to fix it. */
const MAX_PROBLEMS = 100;
const TERRITORIAL = new Set(['district', 'street', 'community']);

// [lng, lat] with an optional altitude (RFC 7946 §3.1.1), in degrees.
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const closed = (ring: number[][]) => ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1];
// A linear ring: at least four positions, the last the same as the first (RFC 7946 §3.1.6).
const ring = z.array(position).min(4, 'areaMap.ringOpen').refine(closed, 'areaMap.ringOpen');
const polygon = z.array(ring).min(1);

// The literals are lists and the discriminator a constant: a bare string argument of z.* reads as a message key to
// the catalogue's test.
const TYPE = 'type';
const geometry = z.discriminatedUnion(
  TYPE,
  [
    z.looseObject({ type: z.literal(['Polygon']), coordinates: polygon }),
    z.looseObject({ type: z.literal(['MultiPolygon']), coordinates: z.array(polygon).min(1) }),
  ],
  { error: 'areaMap.geometryType' },
);

const properties = z
  .looseObject({
    unit_id: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .refine((p) => p.unit_id !== undefined || p.name !== undefined, { path: ['name'], message: 'areaMap.unitNamed' });

const feature = z.looseObject({
  type: z.literal(['Feature']),
  geometry,
  properties,
});

export const areaMapSchema = z.looseObject({
  type: z.literal(['FeatureCollection']),
  name: z.string().trim().max(100).optional(),
  features: z.array(feature).min(1).max(MAX_FEATURES),
});
export type AreaMapInput = z.infer<typeof areaMapSchema>;

/** A path as a person reads it in a GeoJSON file: features[3].geometry.type. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
}

/** The file's bytes as a map, or 400 with every problem of its shape at its path. */
export function parseAreaMap(bytes: Buffer): AreaMapInput {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw errors.validation([detail('file', 'areaMap.notJson')], 'areaMap.invalid');
  }
  const result = areaMapSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, MAX_PROBLEMS)
    .flatMap((i) => issueDetails([i]).map((d) => ({ ...d, path: pathOf(i.path) })));
  throw errors.validation(problems, 'areaMap.invalid');
}

export interface MatchedArea {
  unit_id: number;
  name: string;
  kind: string;
}

/**
 * Each feature's territorial unit: its unit_id (an active district, street or community), or else the one such
 * unit of its name (two 新华街道 in different districts need the unit_id). A unit drawn twice is a problem too: its
 * shading would be painted on two shapes. Answers the units in the features' order, or 400 with every problem.
 */
export function matchUnits(map: AreaMapInput, tree: UnitTree): MatchedArea[] {
  const byName = new Map<string, number[]>();
  for (const n of tree.nodes.values()) {
    if (!n.active || !TERRITORIAL.has(n.kind)) continue;
    byName.set(n.name, [...(byName.get(n.name) ?? []), n.id]);
  }
  const problems: ErrorDetail[] = [];
  const drawnAt = new Map<number, number>();
  const matched: MatchedArea[] = [];
  map.features.forEach((f, i) => {
    const at = (field: string) => `features[${i}].properties.${field}`;
    const { unit_id: id, name } = f.properties;
    let unit: number | undefined;
    if (id !== undefined) {
      const n = tree.nodes.get(id);
      if (n && n.active && TERRITORIAL.has(n.kind)) unit = id;
      else problems.push(detail(at('unit_id'), 'areaMap.noSuchUnit', { id }));
    } else {
      const found = byName.get(name!) ?? [];
      if (found.length === 1) unit = found[0];
      else problems.push(detail(at('name'), found.length ? 'areaMap.ambiguousName' : 'areaMap.noSuchName', { name }));
    }
    if (unit === undefined) return;
    const n = tree.nodes.get(unit)!;
    if (drawnAt.has(unit)) {
      problems.push(
        detail(at(id !== undefined ? 'unit_id' : 'name'), 'areaMap.duplicateUnit', {
          name: n.name,
          index: drawnAt.get(unit)!,
        }),
      );
      return;
    }
    drawnAt.set(unit, i);
    matched.push({ unit_id: unit, name: n.name, kind: n.kind });
  });
  if (problems.length) throw errors.validation(problems.slice(0, MAX_PROBLEMS), 'areaMap.invalid');
  return matched;
}

/** The collection as stored: every feature's properties carry its unit_id (and the unit's name when it had none). */
export function storedMap(map: AreaMapInput, matched: MatchedArea[]): string {
  return JSON.stringify({
    ...map,
    features: map.features.map((f, i) => ({
      ...f,
      properties: { ...f.properties, unit_id: matched[i].unit_id, name: f.properties.name ?? matched[i].name },
    })),
  });
}
