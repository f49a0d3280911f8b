// The one table of `npm run bench` (bench/run.ts): each speed target's figure (docs/benchmarks.md) beside the bare
// limit measured in the same run, the ratio, the target, whether it is met and the service's peak memory. Pure: built
// from the JSON lines the benchmarks report (bench/support.ts report()), so it is unit tested without running anything.

/** One JSON line of a benchmark: a key (create.plain, figures, sweep, ...) and its figures. */
export type Result = { key: string } & Record<string, any>;

export interface Row {
  target: string;
  backend: string;
  figure: string;
  bare: string;
  /** The share of the bare limit reached: 1.00 is as fast as bare (rates: service/bare; times: bare/service). */
  ratio: number | null;
  goal: string;
  met: string;
  rss: string;
}

const n = (x: number) => Math.round(x).toLocaleString('en');
const ms = (x: number) => (x >= 100 ? n(x) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${n(x)} MB` : '—');

/** The share of the bare limit reached; null when either side is missing or zero. */
export function share(service: number, bare: number, kind: 'rate' | 'time'): number | null {
  if (!Number.isFinite(service) || !Number.isFinite(bare) || service <= 0 || bare <= 0) return null;
  return kind === 'rate' ? service / bare : bare / service;
}

/** "yes", or "no: " and the parts missed. */
export function verdict(checks: Array<[boolean, string]>): string {
  const missed = checks.filter(([ok]) => !ok).map(([, what]) => what);
  return missed.length ? `no: ${missed.join(', ')}` : 'yes';
}

const failures = (r: Result) =>
  r.non2xx || r.errors ? ` (${n(r.non2xx ?? 0)} non-2xx, ${n(r.errors ?? 0)} errors)` : '';

/** The rows of one backend from its benchmarks' results; rssNote says whose memory the RSS column shows. */
export function buildRows(backend: string, results: Result[], rssNote = ''): Row[] {
  const one = (key: string) => results.find((r) => r.key === key);
  const rss = (r: Result | undefined, note = rssNote) => (r ? `${mb(r.rssMb)}${note && r.rssMb ? note : ''}` : '—');
  const rows: Row[] = [];
  const row = (r: Omit<Row, 'backend'>) => rows.push({ backend, ...r });

  const bare = one('create.bare');
  const bareText = bare
    ? `${n(bare.rps)}/s, p99 ${bare.p99} ms: bare Koa + knex transaction (ticket + event)${failures(bare)}`
    : '—';
  for (const [key, target, least] of [
    ['create.plain', 'work orders created over HTTP', 0.8],
    ['create.keyed', "console's keyed create-and-dispatch", 0.5],
    ['create.keyed.units', "console's keyed create-and-dispatch over 20 units and their categories", 0.5],
  ] as const) {
    const r = one(key);
    if (!r) continue;
    const ratio = share(r.rps, bare?.rps, 'rate');
    const checks: Array<[boolean, string]> = [
      [r.p99 < 50, 'p99'],
      [ratio !== null && ratio >= least, 'ratio'],
    ];
    if (key === 'create.plain') checks.unshift([r.rps >= 2000, 'rate']);
    row({
      target,
      figure: `${n(r.rps)}/s, p99 ${r.p99} ms${failures(r)}`,
      bare: bareText,
      ratio,
      goal: `${key === 'create.plain' ? '≥ 2,000/s, ' : ''}p99 < 50 ms, ≥ ${least} of bare`,
      met: verdict(checks),
      rss: rss(r),
    });
  }

  const ratingsBare = one('ratings.bare');
  for (const [key, target] of [
    ['ratings.good', 'device ratings'],
    ['ratings.bad5', 'device ratings, 5% bad reviews (each opens an order)'],
  ] as const) {
    const r = one(key);
    if (!r) continue;
    row({
      target,
      figure: `${n(r.rps)}/s, p99 ${r.p99} ms${failures(r)}`,
      bare: ratingsBare ? `${n(ratingsBare.rps)}/s: the same bare handler (2-insert transaction)` : '—',
      ratio: share(r.rps, ratingsBare?.rps, 'rate'),
      goal: key === 'ratings.good' ? '≥ 3,000/s' : '— (shown for the cost of bad reviews)',
      met: key === 'ratings.good' ? verdict([[r.rps >= 3000, 'rate']]) : '—',
      rss: rss(r),
    });
  }

  for (const r of results.filter((x) => x.key === 'figures'))
    row({
      target: `figures at ${n(r.tickets)} orders: ${r.label}`,
      figure: `p99 ${ms(r.p99)} ms (p50 ${ms(r.p50)})`,
      bare: `p99 ${ms(r.bareP99)} ms: its ${r.statements} SQL statements, bare driver`,
      ratio: share(r.p99, r.bareP99, 'time'),
      goal: 'p99 < 20 ms (at 10,000,000)',
      met: verdict([[r.p99 < 20, 'p99']]),
      rss: rss(r, ' (in-process)'),
    });

  const s = one('sweep');
  if (s) {
    const perTicket = s.sweepMs / s.due;
    const perBare = s.bareMs / s.due;
    const perFew = s.fewMs / 100;
    const size = `${n(s.due)} due of ${n(s.open)} open`;
    row({
      target: 'escalation sweep, per due ticket',
      figure: `${ms(perTicket)} ms/ticket (${size}; 100 due: ${ms(perFew)})`,
      bare: `${ms(perBare)} ms/ticket: bare loop, the same writes`,
      ratio: share(perTicket, perBare, 'time'),
      goal: '∝ due: per ticket at 100 due ≤ 2× at many',
      met: verdict([
        [perFew <= 2 * perTicket, 'fixed cost'],
        [!s.failed, `${n(s.failed ?? 0)} escalations failed`],
      ]),
      rss: rss(s, ' (in-process)'),
    });
    row({
      target: 'escalation sweep, per due level (passed down)',
      figure: `${ms(s.levelsMs / s.due)} ms/level (${n(s.due)} due)`,
      bare: `${ms(perBare)} ms/ticket: bare loop, the same writes`,
      ratio: share(s.levelsMs, s.bareMs, 'time'),
      goal: '∝ due',
      met: '—',
      rss: rss(s, ' (in-process)'),
    });
    row({
      target: 'escalation sweep, nothing due',
      figure: `${ms(s.nothingMs)} ms with ${n(s.open)} open`,
      bare: `${ms(perBare)} ms: one due ticket, bare loop`,
      ratio: share(s.nothingMs, perBare, 'time'),
      goal: 'not ∝ open: < one due ticket',
      met: verdict([[s.nothingMs < perTicket, 'costs more than a due ticket']]),
      rss: rss(s, ' (in-process)'),
    });
  }

  const d = one('dashboard');
  if (d) {
    row({
      target: `${n(d.clients)} dashboards updated after a commit`,
      figure: `p99 ${ms(d.p99)} ms (p50 ${ms(d.p50)}) until all`,
      bare: `p99 ${ms(d.bareP99)} ms: bare ws relay, same size and clients`,
      ratio: share(d.p99, d.bareP99, 'time'),
      goal: '< 200 ms',
      met: verdict([[d.p99 < 200, 'p99']]),
      rss: rss(d),
    });
    row({
      target: `memory with ${n(d.clients)} dashboards`,
      figure: `${mb(d.rssMb)} peak (VmHWM)`,
      bare: `${mb(d.bareRssMb)}: bare ws relay, same clients`,
      ratio: share(d.rssMb, d.bareRssMb, 'time'),
      goal: '< 200 MB',
      met: verdict([[d.rssMb < 200, 'RSS']]),
      rss: rss(d),
    });
  }
  return rows;
}

const HEADER = ['target', 'backend', 'figure', 'bare limit (same run)', 'ratio', 'goal', 'met?', 'service RSS'];

const key = (target: string, backend: string) => `${target}|${backend}`;

/** The markdown table; with the last run's figures (by target and backend) as a last column. */
export function markdown(rows: Row[], last?: Map<string, string>): string {
  const header = last ? [...HEADER, 'last run'] : HEADER;
  const cells = rows.map((r) => {
    const c = [
      r.target,
      r.backend,
      r.figure,
      r.bare,
      r.ratio === null ? '—' : r.ratio.toFixed(2),
      r.goal,
      r.met,
      r.rss,
    ];
    if (last) c.push(last.get(key(r.target, r.backend)) ?? '—');
    return c.map((x) => x.replace(/\|/g, '/'));
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The figures of an earlier table written by markdown(), by target and backend. */
export function parseTable(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of md.split('\n')) {
    if (!l.startsWith('| ')) continue;
    const c = l
      .slice(2, -2)
      .split(' | ')
      .map((x) => x.trim());
    if (c.length < 3 || c[0] === 'target' || /^-+$/.test(c[0])) continue;
    out.set(key(c[0], c[1]), `${c[2]}${c[4] && c[4] !== '—' ? ` (${c[4]})` : ''}`);
  }
  return out;
}
