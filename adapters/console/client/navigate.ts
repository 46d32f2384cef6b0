/** Moves to another console page without a reload; main.ts renders it. */
export const NAVIGATE_EVENT = 'console:navigate';

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
