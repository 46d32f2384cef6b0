/**
 * The website signals a lead carries (`lead.behaviour`, read by the scoring rules), summarised
 * from the raw events the widget reports: `visit_start`, `page_view`, `page_leave`, and the
 * site's own events (`LeadQualifier.track`, e.g. `pricing_simulation`).
 */
import type { Behaviour, BehaviourEvent } from '../../core/lead/model.js';

const VISIT_START = 'visit_start';
const PAGE_VIEW = 'page_view';
const PAGE_LEAVE = 'page_leave';
/** Lists kept on the lead are bounded like the lead schema bounds them. */
const MAX_ITEMS = 500;
const MAX_TEXT = 320;

type Props = NonNullable<BehaviourEvent['props']>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/** Strings cut to what the lead schema accepts; only scalar props are ever stored. */
function boundedProps(props: Props): Props {
  return Object.fromEntries(Object.entries(props).map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, MAX_TEXT) : value]));
}

/** Undefined when the visitor was never seen on the website. */
export function summarizeBehaviour(events: readonly BehaviourEvent[]): Behaviour | undefined {
  if (events.length === 0) return undefined;
  const ordered = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const behaviour: Behaviour = { pageViews: 0, timeOnSiteSec: 0, visits: 0 };
  const pages: NonNullable<Behaviour['pages']> = [];
  const custom: BehaviourEvent[] = [];
  let visitStarts = 0;
  for (const event of ordered) {
    const props = event.props ?? {};
    behaviour.visits = Math.max(behaviour.visits, count(props.visit));
    if (event.name === VISIT_START) {
      visitStarts += 1;
      const referrer = text(props.referrer);
      if (referrer && !behaviour.referrer) behaviour.referrer = referrer;
      const utm = Object.entries(props).filter(([key, value]) => key.startsWith('utm_') && text(value));
      if (utm.length > 0 && !behaviour.utm) behaviour.utm = Object.fromEntries(utm.map(([key, value]) => [key, String(value).slice(0, MAX_TEXT)]));
    } else if (event.name === PAGE_VIEW) {
      behaviour.pageViews += 1;
      const url = text(props.url) ?? text(props.path);
      const title = text(props.title);
      if (url) pages.push({ url, at: event.at, ...(title ? { title: title.slice(0, MAX_TEXT) } : {}) });
    } else if (event.name === PAGE_LEAVE) {
      behaviour.timeOnSiteSec += count(props.seconds);
    } else {
      custom.push({ name: event.name, at: event.at, ...(event.props ? { props: boundedProps(event.props) } : {}) });
    }
  }
  behaviour.visits = Math.max(behaviour.visits, visitStarts);
  if (pages.length > 0) behaviour.pages = pages.slice(-MAX_ITEMS);
  if (custom.length > 0) behaviour.events = custom.slice(-MAX_ITEMS);
  return behaviour;
}
