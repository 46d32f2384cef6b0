/**
 * Website signals for lead scoring: a visit_start (visit number, referrer, UTM tags), a
 * page_view per page, a page_leave with the visible time on page, and the site's own events
 * (`LeadQualifier.track`). Leaves use sendBeacon so they survive navigation.
 */
import type { Session } from './session.js';

type Props = Record<string, string | number | boolean>;
interface OutgoingEvent {
  name: string;
  at: number;
  props?: Props;
}

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
const NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const PROP_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export class BehaviourReporter {
  private visibleSince = document.visibilityState === 'visible' ? Date.now() : 0;
  private visibleMs = 0;
  private left = false;

  constructor(private readonly endpoint: string, private readonly session: Session) {}

  /** Report this page view (and the visit start), then watch for the page being left. */
  start(): void {
    const { visit } = this.session.state;
    if (this.session.newVisit) {
      const props: Props = { visit: visit.n, landing: location.pathname };
      if (document.referrer) props.referrer = document.referrer.slice(0, 1000);
      const query = new URLSearchParams(location.search);
      for (const key of UTM_KEYS) {
        const value = query.get(key);
        if (value) props[key] = value.slice(0, 200);
      }
      this.send([{ name: 'visit_start', at: Date.now(), props }]);
    }
    this.send([{ name: 'page_view', at: Date.now(), props: { url: location.href.slice(0, 1000), path: location.pathname, title: document.title.slice(0, 300), visit: visit.n } }]);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.pause();
      else this.visibleSince = Date.now();
    });
    window.addEventListener('pagehide', () => this.leave());
  }

  /** `LeadQualifier.track(name, props)`: only flat string/number/boolean props are kept. */
  track(name: string, props: Record<string, unknown> = {}): void {
    if (typeof name !== 'string' || !NAME.test(name)) return;
    const clean: Props = { path: location.pathname };
    for (const [key, value] of Object.entries(props ?? {})) {
      if (!PROP_KEY.test(key)) continue;
      if (typeof value === 'string') clean[key] = value.slice(0, 1000);
      else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') clean[key] = value;
    }
    this.send([{ name, at: Date.now(), props: clean }]);
  }

  private pause(): void {
    if (this.visibleSince) this.visibleMs += Date.now() - this.visibleSince;
    this.visibleSince = 0;
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    this.pause();
    this.session.update((s) => {
      s.visit.lastSeenAt = Date.now();
    });
    this.send([{ name: 'page_leave', at: Date.now(), props: { url: location.href.slice(0, 1000), seconds: Math.round(this.visibleMs / 1000) } }], true);
  }

  private send(events: OutgoingEvent[], beacon = false): void {
    const body = JSON.stringify({ visitorId: this.session.state.visitorId, events });
    // text/plain keeps the beacon a CORS "simple" request; the server parses JSON whatever the type.
    if (beacon && navigator.sendBeacon?.(this.endpoint, new Blob([body], { type: 'text/plain' }))) return;
    void fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive: true }).catch(() => undefined);
  }
}
