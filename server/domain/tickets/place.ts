// The same place written differently (duplicates, 并单): 南竹竿胡同22号, 东城区南竹竿胡同23号 and 北京市东城区南竹竿
// 胡同22号 are one doorway or its neighbour. An address is read as [city/district prefix] street + number: the
// prefix may be there or not, so streets match when one ends with the other; the numbers must be neighbours on the
// street (within NEIGHBOURS), or the same building, so a long street does not match every order on it.
import { normalize } from '../knowledge/search-text.ts';

/** Door numbers this far apart are the same place for a caller (22号 and 23号, 24号 across the lane). */
export const NEIGHBOURS = 2;
/** A street shorter than this (after its prefix) says too little to be matched by its ending alone. */
const MIN_STREET = 3;
/** The index key: the last characters of the street, the same for 南竹竿胡同 and 东城区南竹竿胡同. */
const KEY_LENGTH = 3;

export interface Place {
  /** The street (or the whole place when it has no number), without a province, city or district prefix. */
  street: string;
  /** The district written, when there is one (东城区), so 西城区 and 东城区 on same-named streets stay apart. */
  district: string | null;
  /** The door number, or the building (3号楼) when the number is a building's; null when none. */
  number: number | null;
  building: boolean;
}

// Administrative prefixes, each at least two characters before its marker so 菜市口大街 keeps its 市.
const PREFIXES = [
  /^[^省]{2,7}?(?:省|自治区)/,
  /^[^市]{2,7}?市/,
  /^[^区县]{1,7}?(?<![小社园])(?:区|县)/,
  /^[^街镇乡]{2,7}?(?:街道|镇|乡)/,
];
// A number followed by one of these names a street (东四3条), not a door: look further.
const STREET_WORDS = /^(?:条|巷|街|路|胡同|里|弄堂|道)/;
// Building numbers: 3号楼, 3栋, 3幢, 3座.
const BUILDING = /^(?:号楼|栋|幢|座)/;

/**
 * Addresses read lately, each read once: an intake batch in a surge compares each of its orders with up to 200
 * earlier ones of the same street (repeat-demands.ts), and the duplicates panel with up to 500, mostly the same few
 * addresses; read at each comparison, the repeat check of a batch of 27 such orders took 36 ms, now 12. Emptied
 * when full.
 */
const readLately = new Map<string, Place | null>();
const READ_KEPT = 5_000;

/** Reads an address; null when there is nothing to match on (empty, or a number alone). Do not change the answer. */
export function parsePlace(address: string | null | undefined): Place | null {
  const text = address ?? '';
  const known = readLately.get(text);
  if (known !== undefined) return known;
  const place = readPlace(text);
  if (readLately.size >= READ_KEPT) readLately.clear();
  readLately.set(text, place);
  return place;
}

function readPlace(address: string): Place | null {
  let s = normalize(address).replace(/[\s,，。、·\-—]/g, '');
  if (!s) return null;
  let district: string | null = null;
  for (const prefix of PREFIXES) {
    const m = prefix.exec(s);
    // A prefix is dropped only when a street remains after it.
    if (m && /^[^\d]{2}/.test(s.slice(m[0].length))) {
      if (/[区县]$/.test(m[0])) district = m[0];
      s = s.slice(m[0].length);
    }
  }
  for (const m of s.matchAll(/\d+/g)) {
    const after = s.slice(m.index! + m[0].length);
    if (STREET_WORDS.test(after)) continue;
    // 甲22号, 乙3号: the letter belongs to the number, not the street.
    const street = s.slice(0, m.index).replace(/[甲乙丙丁]$/, '');
    if (street.length < 2) return null;
    return { street, district, number: Number(m[0]), building: BUILDING.test(after) };
  }
  return s.length >= 2 ? { street: s, district, number: null, building: false } : null;
}

/** What tickets are indexed by (tickets.place_key): equal for every pair samePlace may call the same. */
export function placeKey(address: string | null | undefined): string | null {
  const p = parsePlace(address);
  return p ? p.street.slice(-KEY_LENGTH) : null;
}

function sameStreet(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= MIN_STREET && long.endsWith(short);
}

/** Whether two addresses are the same place or its neighbour (see the top of this file). */
export function samePlace(a: string | null | undefined, b: string | null | undefined): boolean {
  const p = parsePlace(a);
  const q = parsePlace(b);
  if (!p || !q || !sameStreet(p.street, q.street)) return false;
  if (p.district && q.district && p.district !== q.district) return false;
  if (p.number === null || q.number === null) return p.number === q.number;
  if (p.building || q.building) return p.building === q.building && p.number === q.number;
  return Math.abs(p.number - q.number) <= NEIGHBOURS;
}
