// The one place the pages call the server. Errors come back as words a person understands, in the page's language
// only: the message (and each field's) is worded from the shared catalogue by its key and parameters, here, once,
// for every page; a message without a key has its "中文 / English" cut to one half.
import { oneLanguage, say, t } from './i18n.ts';

interface Worded {
  message?: string;
  key?: string;
  params?: Parameters<typeof say>[1];
}
// What Response.json() gives: a caller that knows the route names the type of its answer instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const words = (w: Worded): string => (w.key ? say(w.key, w.params) : null) ?? oneLanguage(String(w.message ?? ''));

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function api<T = Json>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('error.network'));
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error;
    if (res.status === 401 && !path.startsWith('/auth/'))
      location.href = '/?next=' + encodeURIComponent(location.pathname);
    const details = Array.isArray(e?.details)
      ? e.details.map((d: Worded & { path: string }) => ({ path: d.path, message: words(d) }))
      : [];
    throw new ApiError(res.status, e?.code ?? 'HTTP', e?.message || e?.key ? words(e) : t('error.generic'), details);
  }
  return data as T;
}

export const get = <T = Json>(path: string) => api<T>('GET', path);
export const post = <T = Json>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T = Json>(path: string, body: unknown = {}) => api<T>('PUT', path, body);
export const patch = <T = Json>(path: string, body: unknown = {}) => api<T>('PATCH', path, body);
export const del = <T = Json>(path: string) => api<T>('DELETE', path);
