/**
 * A page on a site missing from `allowedOrigins` is refused (403). Each refused origin is logged
 * once, not per request, naming the settings that allow it. Bounded: Origin is client-controlled.
 */
import type { Logger } from '../../core/log.js';

const MAX_REMEMBERED = 1000;

export class RefusedOriginLog {
  private readonly seen = new Set<string>();

  constructor(private readonly log: Logger) {}

  warn(origin: string | undefined): void {
    if (origin === undefined || this.seen.has(origin) || this.seen.size >= MAX_REMEMBERED) return;
    this.seen.add(origin);
    const shown = JSON.stringify(origin.slice(0, 200));
    this.log.warn(
      { origin: origin.slice(0, 200) },
      `widget refused on ${shown}: add this origin to allowedOrigins in the widget config (config/widget.yaml, or the file in WIDGET_CONFIG) or to WIDGET_ALLOWED_ORIGINS`,
    );
  }

  /** After the widget config changed: an origin refused again is worth a new warning. */
  clear(): void {
    this.seen.clear();
  }
}
