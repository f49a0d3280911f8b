// The one place the pages call the server. Errors come back as words a person understands, in the page's language
// only: the server's "中文 / English" messages (and each field's) are cut to one half here, once, for every page.
import { oneLanguage, t } from './i18n.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: { path: string; message: string }[] = []) {
    super(message);
  }
}

export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
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
    if (res.status === 401 && !path.startsWith('/auth/')) location.href = '/?next=' + encodeURIComponent(location.pathname);
    const details = Array.isArray(e?.details) ? e.details.map((d: { path: string; message: string }) => ({ ...d, message: oneLanguage(String(d.message ?? '')) })) : [];
    throw new ApiError(res.status, e?.code ?? 'HTTP', e?.message ? oneLanguage(e.message) : t('error.generic'), details);
  }
  return data as T;
}

export const get = <T = any>(path: string) => api<T>('GET', path);
export const post = <T = any>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T = any>(path: string, body: unknown = {}) => api<T>('PUT', path, body);
export const patch = <T = any>(path: string, body: unknown = {}) => api<T>('PATCH', path, body);
export const del = <T = any>(path: string) => api<T>('DELETE', path);
