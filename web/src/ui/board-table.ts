// The red/blue board's pieces, drawn alike on the public board (/board), the supervisor's board and the bulletin.
// Each page passes its own words (its own message keys) and its own wrapper; the markup of a row is decided here.
import { h } from './dom.ts';

export interface BoardEntry {
  department_id: number;
  rank: number;
  name: string;
  score: number;
  figures?: { received: number };
}

/** One group of a month's board, as GET /leaderboards/:month and GET /public/leaderboards/:month give it. */
export interface BoardGroup {
  group: string;
  red: BoardEntry[];
  blue: BoardEntry[];
  ranked?: BoardEntry[];
  unranked: Array<{ name: string; received: number }>;
}

export interface RankingLabels {
  rank: string;
  department: string;
  score: string;
  /** Given, a column of orders received (the full ranking); left out, rank, name and score only (the bulletin). */
  received?: string;
}

/** A table of departments in rank order. */
export function rankingTable(entries: BoardEntry[], labels: RankingLabels): HTMLElement {
  return h(
    'table',
    null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { class: 'num' }, labels.rank),
        h('th', null, labels.department),
        h('th', { class: 'num' }, labels.score),
        labels.received === undefined ? null : h('th', { class: 'num' }, labels.received),
      ),
    ),
    h(
      'tbody',
      null,
      entries.map((e) =>
        h(
          'tr',
          null,
          h('td', { class: 'num' }, String(e.rank)),
          h('td', null, e.name),
          h('td', { class: 'num' }, e.score.toFixed(2)),
          labels.received === undefined ? null : h('td', { class: 'num' }, String(e.figures?.received ?? '')),
        ),
      ),
    ),
  );
}

/** The red or the blue list: rank, name and score in order; a dash when it has no one. */
export function boardList(className: string, title: string, entries: BoardEntry[]): HTMLElement {
  return h(
    'div',
    { class: className },
    h('h3', null, title),
    entries.length === 0
      ? h('p', { class: 'muted' }, '—')
      : h(
          'ol',
          null,
          entries.map((e) =>
            h(
              'li',
              null,
              h('span', { class: 'rank' }, String(e.rank)),
              h('span', { class: 'name' }, e.name),
              h('span', { class: 'score' }, e.score.toFixed(2)),
            ),
          ),
        ),
  );
}

/** Departments with too few ratings to rank, each with the orders it received: "甲（3）、乙（1）". */
export const unrankedNames = (unranked: Array<{ name: string; received: number }>): string =>
  unranked.map((u) => `${u.name}（${u.received}）`).join('、');
