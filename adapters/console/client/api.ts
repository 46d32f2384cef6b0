/** The admin API, called with the session cookie; every change carries the CSRF token. */
export interface SessionInfo {
  name: string;
  role: 'admin' | 'sales';
  csrf: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let session: SessionInfo | null = null;

export const currentSession = (): SessionInfo | null => session;
export const setSession = (next: SessionInfo | null): void => {
  session = next;
};

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session) headers['x-csrf-token'] = session.csrf;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) {
    if (res.status === 401 && path !== '/console/api/sign-in') setSession(null);
    throw new ApiError(res.status, data.error?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => call<T>('GET', path),
  post: <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown): Promise<T> => call<T>('PUT', path, body),
  del: (path: string): Promise<void> => call<void>('DELETE', path),
};
