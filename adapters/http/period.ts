/** The `from` / `to` period of the report routes: a bare day includes that whole day; default the last 30 days. */
import { dateParam } from './admin-api.js';
import { HttpError } from './errors.js';

const DAY_MS = 24 * 3600 * 1000;
/** Reports read every lead and line of the period: a bounded period keeps them bounded. */
const MAX_PERIOD_DAYS = 3660;

export function periodOf(query: Record<string, unknown>, now: Date): { from: Date; to: Date } {
  const to = dateParam(query.to, 'to');
  const end = to ? (String(query.to).length === 10 ? new Date(to.getTime() + DAY_MS) : to) : new Date(now.getTime() + 1);
  const start = dateParam(query.from, 'from') ?? new Date(end.getTime() - 30 * DAY_MS);
  if (start >= end) throw new HttpError(400, 'invalid_query', '"from" must be before "to"');
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw new HttpError(400, 'invalid_query', `The period must be at most ${MAX_PERIOD_DAYS} days`);
  return { from: start, to: end };
}
