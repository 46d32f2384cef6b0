/**
 * JSON in localStorage, falling back to memory when storage is blocked (private modes,
 * sandboxed iframes) so the widget still works for the current page.
 */
const memory = new Map<string, string>();

function backend(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    const probe = '__lq_probe__';
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };
  }
}

const store = backend();

export function readJson<T>(key: string): T | undefined {
  try {
    const raw = store.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded: the conversation still works, it just will not survive a reload.
  }
}

/** Random id for visitors, conversations and messages (crypto, not Math.random; works on plain http too). */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
