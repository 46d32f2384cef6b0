/**
 * Website signals sent by the widget (page views, visits, referrer, UTM tags, custom events from
 * `LeadQualifier.track`) stored as behaviour events under the bot's id for the person, `web:<visitorId>`.
 */
import { visitorIdOf, type BehaviourEvent } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';
import { HttpError } from './http-io.js';
import type { BehaviourRequest } from './request-schemas.js';

/** Client clocks drift; a timestamp further than this from the server's is replaced by the server's. */
const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** The website's channel id: the bot knows a widget visitor as `web:<visitorId>` (`visitorIdOf`). */
export const WEB_CHANNEL_ID = 'web';

type Props = NonNullable<BehaviourEvent['props']>;

/**
 * The widget allows dotted names (`utm.source`); a document store cannot hold them as field names
 * (MongoDB reads them as paths), so dots become underscores (`utm_source`, the name the lead's
 * behaviour summary reads). Two names folding onto one would lose a value: refused.
 */
function storableProps(props: Props): Props {
  const stored: Props = {};
  for (const [name, value] of Object.entries(props)) {
    const safe = name.replaceAll('.', '_');
    if (Object.hasOwn(stored, safe)) throw new HttpError(400, 'invalid_body', `Event properties "${name}" and another one are both stored as "${safe}"; send one of them.`);
    stored[safe] = value;
  }
  return stored;
}

/** Append every event of the request, all or none; returns how many were stored. */
export async function recordBehaviour(store: Store, request: BehaviourRequest, now = new Date()): Promise<number> {
  const events = request.events.map((event): BehaviourEvent => {
    const at = event.at !== undefined && Math.abs(event.at - now.getTime()) <= MAX_CLOCK_SKEW_MS ? new Date(event.at) : now;
    return { name: event.name, at, ...(event.props ? { props: storableProps(event.props) } : {}) };
  });
  await store.events.appendMany(visitorIdOf(WEB_CHANNEL_ID, request.visitorId), events);
  return events.length;
}
