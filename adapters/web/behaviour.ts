/**
 * Website signals sent by the widget (page views, visits, referrer, UTM tags, custom events from
 * `LeadQualifier.track`) stored as behaviour events under the bot's id for the person, `web:<visitorId>`.
 */
import type { Store } from '../../core/ports/store.js';
import type { BehaviourRequest } from './request-schemas.js';

/** Client clocks drift; a timestamp further than this from the server's is replaced by the server's. */
const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

export function webVisitorId(visitorId: string): string {
  return `web:${visitorId}`;
}

/** Append every event of the request; returns how many were stored. */
export async function recordBehaviour(store: Store, request: BehaviourRequest, now = new Date()): Promise<number> {
  const id = webVisitorId(request.visitorId);
  for (const event of request.events) {
    const at = event.at !== undefined && Math.abs(event.at - now.getTime()) <= MAX_CLOCK_SKEW_MS ? new Date(event.at) : now;
    await store.events.append(id, { name: event.name, at, ...(event.props ? { props: { ...event.props } } : {}) });
  }
  return request.events.length;
}
