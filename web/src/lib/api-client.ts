// The browser's side of the JSON API for forms: one request, and either the body or the message to
// show (the API's own words for a refusal, a plain sentence when the server could not be reached).

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; message: string };

export async function callApi<T>(url: string, method: 'POST' | 'DELETE', body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: 'Could not reach the server. Check your connection and try again.' };
  }
  const parsed = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (res.ok && parsed !== null) return { ok: true, status: res.status, body: parsed };
  return { ok: false, status: res.status, message: parsed?.error?.message ?? `The request failed (HTTP ${res.status}). Please try again.` };
}
