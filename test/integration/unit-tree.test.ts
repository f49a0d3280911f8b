// Units as a tree (docs/rules/units.md, docs/api.md "Administration"): an administrator gives departments a kind, a
// parent and a liaison mobile; the nesting is checked (a street under a district, a community under a street, the
// others at the top, no cycle, no inactive parent, no kind that strands the units below), refused with field paths
// and nothing stored; lists carry each unit's place so a page can draw the tree.
import { expect } from 'chai';
import { descendantsOf, subtreeOf, unitTree } from '../../server/domain/departments/unit-tree.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import type { Client, Res } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';

const API = '/api/v1';

/** The field paths and catalogue keys of a 400, sorted by path. */
function refusal(res: Res): Array<[string, string]> {
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  return (res.body.error.details as { path: string; key: string }[])
    .map((d): [string, string] => [d.path, d.key])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe('Units as a tree', () => {
  let admin: Client;
  let count: () => Promise<number>;

  const create = (over: Record<string, unknown>) =>
    admin.post(`${API}/departments`, { name: uniq('单位'), group: '区县', ...over });
  async function made(over: Record<string, unknown>) {
    const res = await create(over);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: number; name: string; kind: string; parent_id: number | null };
  }
  /** A district with one street and one community under it. */
  async function branch() {
    const district = await made({ kind: 'district' });
    const street = await made({ kind: 'street', parent_id: district.id, group: '街道乡镇' });
    const community = await made({ kind: 'community', parent_id: street.id, group: '社区村' });
    return { district, street, community };
  }

  before(async () => {
    admin = (await signedIn('admin')).api;
    const { services } = await testApp();
    count = async () => Number((await services.db('departments').count({ n: '*' }).first())?.n);
  });

  it('stores a kind, a parent and a liaison mobile, and shows each unit with its parent, depth and path', async () => {
    const district = await made({ kind: 'district', liaison_mobile: '+86 139-1000-0001' });
    expect(district).to.include({ kind: 'district', parent_id: null, liaison_mobile: '13910000001', depth: 0 });
    const street = await made({ kind: 'street', parent_id: district.id, group: '街道乡镇' });
    const community = await made({ kind: 'community', parent_id: street.id, group: '社区村' });
    expect(community).to.include({ parent_id: street.id, parent_name: street.name, depth: 2 });
    expect((community as unknown as { path: number[] }).path).to.deep.equal([district.id, street.id, community.id]);

    const list = (await admin.get(`${API}/departments`)).body as Array<Record<string, unknown>>;
    const row = list.find((d) => d.id === street.id)!;
    expect(row).to.include({ kind: 'street', parent_id: district.id, parent_name: district.name, depth: 1 });
    // Lists mask the liaison's mobile like every phone; the administrator's own read shows it whole.
    expect(list.find((d) => d.id === district.id)!.liaison_mobile).to.equal('139****0001');
    expect((await admin.get(`${API}/departments/${district.id}`)).body.liaison_mobile).to.equal('13910000001');
    const handler = (await signedIn('handler', district.id)).api;
    expect((await handler.get(`${API}/departments/${district.id}`)).body.liaison_mobile).to.equal('139****0001');
  });

  it('makes a unit of no kind a top-level municipal department, as departments were before', async () => {
    const d = await made({});
    expect(d).to.include({ kind: 'municipal', parent_id: null });
  });

  it('refuses a nesting the tree does not allow, with the field at fault, storing nothing', async () => {
    const { district, street, community } = await branch();
    const municipal = await made({ kind: 'municipal', group: '市直部门' });
    const before = await count();
    const cases: Array<[Record<string, unknown>, Array<[string, string]>]> = [
      [{ kind: 'street' }, [['parent_id', 'departments.needsParent']]],
      [{ kind: 'community', parent_id: district.id }, [['parent_id', 'departments.wrongParent']]],
      [{ kind: 'street', parent_id: municipal.id }, [['parent_id', 'departments.wrongParent']]],
      [{ kind: 'street', parent_id: community.id }, [['parent_id', 'departments.wrongParent']]],
      [{ kind: 'district', parent_id: district.id }, [['parent_id', 'departments.topLevel']]],
      [{ kind: 'municipal', parent_id: street.id }, [['parent_id', 'departments.topLevel']]],
      [{ kind: 'enterprise', parent_id: district.id }, [['parent_id', 'departments.topLevel']]],
      [{ kind: 'street', parent_id: 2_000_000_000 }, [['parent_id', 'departments.noSuchUnit']]],
      [{ kind: 'town' }, [['kind', 'field.oneOf']]],
      [{ liaison_mobile: '010-6512 3456' }, [['liaison_mobile', 'field.mobile']]],
      [{ liaison_mobile: '1391000' }, [['liaison_mobile', 'field.mobile']]],
      [{ parent_id: 'one' }, [['parent_id', 'field.wrongType']]],
    ];
    for (const [body, expected] of cases) {
      expect(refusal(await create(body)), JSON.stringify(body)).to.deep.equal(expected);
    }
    expect(await count()).to.equal(before);
  });

  it('refuses a parent that is inactive', async () => {
    const district = await made({ kind: 'district' });
    expect((await admin.patch(`${API}/departments/${district.id}`, { active: false })).status).to.equal(200);
    expect(refusal(await create({ kind: 'street', parent_id: district.id }))).to.deep.equal([
      ['parent_id', 'departments.parentInactive'],
    ]);
  });

  it('refuses a move under itself or a unit below it (no cycles)', async () => {
    const { district, street, community } = await branch();
    const otherStreet = await made({ kind: 'street', parent_id: district.id });
    // A street cannot become its own parent, nor move under its own community made a street... of itself.
    expect(refusal(await admin.patch(`${API}/departments/${street.id}`, { parent_id: street.id }))).to.deep.equal([
      ['parent_id', 'departments.cycle'],
    ]);
    expect(refusal(await admin.patch(`${API}/departments/${community.id}`, { parent_id: community.id }))).to.deep.equal(
      [['parent_id', 'departments.cycle']],
    );
    // A district made a street under its own street would hang the tree in a loop.
    const res = await admin.patch(`${API}/departments/${district.id}`, { kind: 'street', parent_id: street.id });
    expect(refusal(res).map(([p]) => p)).to.include('parent_id');
    // Moving a community to another street of the district is a plain move.
    const moved = await admin.patch(`${API}/departments/${community.id}`, { parent_id: otherStreet.id });
    expect(moved.body).to.include({ parent_id: otherStreet.id, parent_name: otherStreet.name, depth: 2 });
  });

  it('refuses a kind that strands the units below, and deactivating a unit whose units below are active', async () => {
    const { district, street, community } = await branch();
    expect(refusal(await admin.patch(`${API}/departments/${district.id}`, { kind: 'municipal' }))).to.deep.equal([
      ['kind', 'departments.childrenNeedKind'],
    ]);
    expect(refusal(await admin.patch(`${API}/departments/${street.id}`, { active: false }))).to.deep.equal([
      ['active', 'departments.activeChildren'],
    ]);
    const stored = (await admin.get(`${API}/departments/${district.id}`)).body;
    expect(stored).to.include({ kind: 'district', active: true });
    // From the bottom up it may be done: the community first, then its street.
    expect((await admin.patch(`${API}/departments/${community.id}`, { active: false })).status).to.equal(200);
    expect((await admin.patch(`${API}/departments/${street.id}`, { active: false })).status).to.equal(200);
    // An inactive community stays where it was when edited (the page sends its parent back), but is not made
    // active again under its inactive street.
    const renamed = await admin.patch(`${API}/departments/${community.id}`, {
      name: uniq('改名社区'),
      kind: 'community',
      parent_id: street.id,
      active: false,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).to.equal(200);
    expect(refusal(await admin.patch(`${API}/departments/${community.id}`, { active: true }))).to.deep.equal([
      ['parent_id', 'departments.parentInactive'],
    ]);
    // A childless unit changes kind freely within the rules: a lone street made a district at the top.
    const lone = await made({ kind: 'street', parent_id: district.id });
    const promoted = await admin.patch(`${API}/departments/${lone.id}`, { kind: 'district', parent_id: null });
    expect(promoted.body).to.include({ kind: 'district', parent_id: null, depth: 0 });
  });

  it('lets only an administrator change the tree', async () => {
    const handler = (await signedIn('handler')).api;
    const res = await handler.post(`${API}/departments`, { name: uniq('单位'), group: '区县', kind: 'district' });
    expect(res.status).to.equal(403);
  });

  it('gives the units below a unit at once after a change (unit-tree.ts, as figures and access read it)', async () => {
    const { services } = await testApp();
    const { district, street, community } = await branch();
    expect(await descendantsOf(services.db, district.id)).to.deep.equal([street.id, community.id]);
    expect(await subtreeOf(services.db, street.id)).to.deep.equal([street.id, community.id]);
    const second = await made({ kind: 'street', parent_id: district.id });
    // The write dropped the cached tree: the new street is there without waiting.
    expect(await descendantsOf(services.db, district.id)).to.deep.equal([street.id, community.id, second.id]);
    const tree = await unitTree(services.db);
    expect(tree.nodes.get(community.id)).to.include({ depth: 2, parent_id: street.id });
    expect(tree.order.indexOf(district.id)).to.be.lessThan(tree.order.indexOf(street.id));
  });
});
