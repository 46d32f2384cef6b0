/**
 * Proactive triggers, evaluated in the browser from the server's configuration: the first
 * trigger whose conditions hold opens the widget, at most once per visit, never on excluded pages.
 */
import type { PublicTrigger, PublicWidgetConfig } from '../protocol.js';
import { matchesAny, matchesGlob } from './glob.js';
import type { Visit } from './session.js';

/** Seconds to wait on this page before the trigger fires, or null when it cannot fire here. */
export function secondsUntil(trigger: PublicTrigger, path: string, visit: Visit, excludePaths: readonly string[]): number | null {
  const when = trigger.when;
  if (matchesAny(path, excludePaths) || matchesAny(path, trigger.exclude)) return null;
  if (when.path && !matchesAny(path, when.path)) return null;
  if (when.returningVisitor !== undefined && when.returningVisitor !== visit.n > 1) return null;
  if (when.pageViews) {
    const { match, count, distinct } = when.pageViews;
    const views = visit.pages.filter((page) => matchesGlob(page, match));
    if ((distinct ? new Set(views).size : views.length) < count) return null;
  }
  return when.secondsOnPage ?? 0;
}

/** Schedule every trigger that can fire on this page; `fire` gets the first one due. Returns a cancel function. */
export function scheduleTriggers(config: PublicWidgetConfig, path: string, visit: Visit, fire: (triggerId: string) => void): () => void {
  const timers: number[] = [];
  let fired = false;
  for (const trigger of config.triggers) {
    const seconds = secondsUntil(trigger, path, visit, config.excludePaths);
    if (seconds === null) continue;
    timers.push(
      window.setTimeout(() => {
        if (fired) return;
        fired = true;
        fire(trigger.id);
      }, seconds * 1000),
    );
  }
  return () => timers.forEach((timer) => window.clearTimeout(timer));
}
