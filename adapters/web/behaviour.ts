/**
 * Website signals sent by the widget (page views, visits, referrer, UTM tags, custom events from
 * `LeadQualifier.track`) stored as behaviour events under the bot's id for the person, `web:<visitorId>`.
 */
import { visitorIdOf } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';
import type { BehaviourRequest } from './request-schemas.js';

/** Client clocks drift; a timestamp further than this from the server's is replaced by the server's. */
const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** The website's channel id: the bot knows a widget visitor as `web:<visitorId>` (`visitorIdOf`). */
export const WEB_CHANNEL_ID = 'web';

/** Append every event of the request; returns how many were stored. */
export async function recordBehaviour(store: Store, request: BehaviourRequest, now = new Date()): Promise<number> {
  const id = visitorIdOf(WEB_CHANNEL_ID, request.visitorId);
  for (const event of request.events) {
    const at = event.at !== undefined && Math.abs(event.at - now.getTime()) <= MAX_CLOCK_SKEW_MS ? new Date(event.at) : now;
    await store.events.append(id, { name: event.name, at, ...(event.props ? { props: { ...event.props } } : {}) });
  }
  return request.events.length;
}
