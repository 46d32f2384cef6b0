/** Tiny DOM helpers. Text always goes in as text (never HTML), so stored answers cannot inject markup. */
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

export const fmtDate = (value: string | Date | undefined): string => (value ? new Date(value).toISOString().slice(0, 16).replace('T', ' ') : '');

export const pct = (value: number | null): string => (value === null ? '—' : `${value} %`);
