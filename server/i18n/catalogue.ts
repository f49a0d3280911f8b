// How a message of the catalogue becomes text: pure data and string work, no Node imports, so the pages' bundle
// (web/src/i18n.ts) renders the same entries the server does.

export type Lang = 'zh' | 'en';
/** One message in both languages. `{name}` is a parameter; `{name@prefix}` names the value from the catalogue
 *  (`{status@status}` with status "replied" reads `status.replied`); `{name@time}` is an instant as people here
 *  read it (Beijing time); a list parameter is joined with 、 in Chinese and ", " in English. */
export interface Entry {
  zh: string;
  en: string;
}
export type Params = Record<string, string | number | boolean | null | undefined | (string | number)[]>;

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026年11月23日 23:59 in Chinese, 2026-11-23 23:59 in English, both Beijing time (UTC+8, no summer time). */
function beijing(value: string | number, lang: Lang): string {
  const at = new Date(typeof value === 'number' ? value : Date.parse(value));
  if (Number.isNaN(at.getTime())) return String(value);
  const l = new Date(at.getTime() + 8 * 3_600_000);
  const [y, m, d] = [l.getUTCFullYear(), l.getUTCMonth() + 1, l.getUTCDate()];
  const hm = `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
  return lang === 'zh' ? `${y}年${m}月${d}日 ${hm}` : `${y}-${pad(m)}-${pad(d)} ${hm}`;
}

/** The text of `key` in `lang`; an unknown key is shown as itself (a missing entry shows up rather than vanishing). */
export function renderEntry(all: Record<string, Entry>, key: string, params: Params | undefined, lang: Lang): string {
  const entry = all[key];
  if (!entry) return key;
  return entry[lang].replace(/\{(\w+)(?:@([\w.]+))?\}/g, (whole, name: string, prefix?: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) return whole;
    if (prefix === 'time') return beijing(value as string, lang);
    const one = (v: string | number | boolean) => (prefix ? (all[`${prefix}.${v}`]?.[lang] ?? String(v)) : String(v));
    return Array.isArray(value) ? value.map(one).join(lang === 'zh' ? '、' : ', ') : one(value);
  });
}
