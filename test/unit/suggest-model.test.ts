// The suggested dispatch's model on a toy city: three categories, two routed by place (to the district of the
// address), one to its catalogue unit wherever the caller lives.
import { expect } from 'chai';
import { DEFAULT_SUGGEST, SuggestModel, type TrainingOrder } from '../../server/domain/suggest/suggest-model.ts';
import { textFeatures } from '../../server/domain/suggest/text-features.ts';

const RUBBISH = 1;
const WAGES = 2;
const HEATING = 3;
// Units: the city's sanitation office (the rubbish category's catalogue unit), three districts, the labour office.
const SANITATION = 10;
const EAST = 11;
const WEST = 12;
const NORTH = 13;
const LABOUR = 30;
const CATALOGUE: Record<number, number> = { [RUBBISH]: SANITATION, [WAGES]: LABOUR, [HEATING]: SANITATION };
const catalogue = async (id: number) => CATALOGUE[id];

const at = (district: 'east' | 'west' | 'north', n: number) =>
  ({ east: `东湖区东湖街道${n}号`, west: `西山区西山街道${n}号`, north: `北河区北河街道${n}号` })[district];

const order = (category: number, unit: number, title: string, description: string, address: string | null) =>
  ({ category_id: category, department_id: unit, title, description, address }) satisfies TrainingOrder;

const rubbish = ['小区垃圾桶满了没人清运', '楼下垃圾堆放好几天', '垃圾站臭味很大没人清理', '建筑垃圾堆在绿地上'];
const wages = ['公司拖欠工资三个月', '老板不发工资联系不上', '工地拖欠农民工工资', '离职后公司扣发工资'];
const heating = ['家里暖气不热', '暖气片冰凉室温很低', '供暖管道漏水', '小区暖气一直不热'];

const CITY: TrainingOrder[] = [
  ...rubbish.flatMap((t, i) => [
    order(RUBBISH, EAST, t, `来电人反映${t}，希望处理。`, at('east', i)),
    order(RUBBISH, WEST, t, `来电人反映${t}，希望处理。`, at('west', i)),
  ]),
  ...wages.flatMap((t, i) => [
    order(WAGES, LABOUR, t, `来电人反映${t}，希望协调。`, at('east', i)),
    order(WAGES, LABOUR, t, `来电人反映${t}，希望协调。`, at('west', i)),
  ]),
  ...heating.flatMap((t, i) => [
    order(HEATING, EAST, t, `来电人反映${t}，请尽快检修。`, at('east', i)),
    order(HEATING, NORTH, t, `来电人反映${t}，请尽快检修。`, at('north', i)),
  ]),
];
const now = new Date('2026-12-07T02:00:00Z');

describe('suggested dispatch: the model', () => {
  const model = new SuggestModel(CITY, now);

  it('reads Chinese as characters and pairs of characters, drops digits, keeps Latin words', () => {
    expect(textFeatures('垃圾桶 12号')).to.deep.equal(['垃', '垃圾', '圾', '圾桶', '桶', '号']);
    expect(textFeatures('ETC 卡')).to.deep.equal(['etc', '卡']);
    expect(textFeatures('')).to.deep.equal([]);
  });

  it('learns the category from the words, and the unit from where such orders from that address went', async () => {
    const s = await model.suggest(
      { title: '垃圾没人清运', description: '楼下的垃圾桶满了好几天', address: at('west', 30) },
      catalogue,
    );
    expect(s?.category.id).to.equal(RUBBISH);
    expect(s!.category.confidence).to.be.above(0.5).and.at.most(1);
    expect(s?.department?.id).to.equal(WEST);
    expect(s!.alternatives.map((a) => a.id)).to.have.members([WAGES, HEATING]);
    expect(s!.alternatives[0].confidence).to.be.at.most(s!.category.confidence);
  });

  it("keeps a category's own unit when its history never follows the address", async () => {
    const s = await model.suggest({ title: '公司拖欠工资', address: at('west', 8) }, catalogue);
    expect(s?.category.id).to.equal(WAGES);
    expect(s?.department?.id).to.equal(LABOUR);
  });

  it('sends a category routed by place to a district it never had, when the address is there', async () => {
    // Rubbish went only to the east and the west; the north district is known from heating orders.
    const s = await model.suggest({ title: '垃圾桶满了没人清运', address: at('north', 40) }, catalogue);
    expect(s?.category.id).to.equal(RUBBISH);
    expect(s?.department?.id).to.equal(NORTH);
  });

  it('names no unit for a category routed by place when there is no address', async () => {
    const s = await model.suggest({ title: '垃圾桶满了没人清运' }, catalogue);
    expect(s?.category.id).to.equal(RUBBISH);
    expect(s?.department).to.equal(null);
  });

  it('suggests nothing below the threshold', async () => {
    const text = { title: '垃圾桶满了', description: '暖气也不热' };
    const ranked = model.rankCategories(text);
    const top = ranked[0].confidence;
    expect(top).to.be.below(1);
    expect(ranked.reduce((sum, c) => sum + c.confidence, 0)).to.be.closeTo(1, 1e-9);
    expect((await model.suggest(text, catalogue))?.category.confidence).to.equal(top);
    const strict = new SuggestModel(CITY, now, { ...DEFAULT_SUGGEST, minConfidence: (1 + top) / 2 });
    expect(await strict.suggest(text, catalogue)).to.equal(null);
  });

  it('suggests nothing for empty text or words it never saw', async () => {
    expect(await model.suggest({ title: '', description: '' }, catalogue)).to.equal(null);
    expect(await model.suggest({ title: 'hello world 12345' }, catalogue)).to.equal(null);
  });

  it('suggests nothing from too little history', async () => {
    const small = new SuggestModel(CITY.slice(0, 5), now);
    expect(small.orders).to.equal(5);
    expect(await small.suggest({ title: '垃圾桶满了没人清运' }, catalogue)).to.equal(null);
  });

  it('never suggests a category the catalogue leaves out (withdrawn or inactive)', async () => {
    const withdrawn = async (id: number) => (id === RUBBISH ? undefined : CATALOGUE[id]);
    const s = await model.suggest({ title: '垃圾桶满了没人清运', address: at('east', 1) }, withdrawn);
    expect(s?.category.id ?? null).to.not.equal(RUBBISH);
    expect(s?.alternatives.map((a) => a.id) ?? []).to.not.include(RUBBISH);
  });

  it('learns the names of the categories it has orders of, and suggests no category it has none of', async () => {
    // 生活 is in no order: only in the rubbish category's name.
    const text = { title: '生活' };
    const named = new SuggestModel(CITY, now, undefined, [
      { id: RUBBISH, name: '生活垃圾' },
      { id: 4, name: '燃气泄漏' },
    ]);
    expect(named.orders).to.equal(CITY.length);
    // Without the names, three categories of as many orders each are equally likely.
    expect(model.rankCategories(text)[0].confidence).to.be.closeTo(1 / 3, 1e-9);
    expect(named.rankCategories(text)[0].id).to.equal(RUBBISH);
    expect(named.rankCategories(text)[0].confidence).to.be.above(0.4);
    expect(named.rankCategories({ title: '燃气泄漏' }).map((c) => c.id)).to.not.include(4);
  });

  it('falls back to the catalogue unit for a category with no history', async () => {
    const units = model.units([{ id: 99, confidence: 0.9, unit: LABOUR }], at('east', 1));
    expect(units).to.deep.equal([{ id: LABOUR, confidence: 0.9 }]);
  });
});
