/** Reading stored leads back the way an operator does: through the admin API, with the bearer token. */
import type { Lead } from '../../core/lead/model.js';
import type { RunningApp } from '../support/app-harness.js';

async function json<T>(res: Response, what: string): Promise<T> {
  if (res.status !== 200) throw new Error(`${what} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The lead with this e-mail, or undefined; there is never more than one (unique e-mail). */
export async function leadByEmail(running: RunningApp, email: string): Promise<Lead | undefined> {
  const body = await json<{ items: Lead[]; total: number }>(await running.admin(`/api/leads?email=${encodeURIComponent(email)}`), 'GET /api/leads');
  if (body.total > 1) throw new Error(`${body.total} leads share the e-mail ${email}`);
  return body.items[0];
}

export async function leadById(running: RunningApp, id: string): Promise<Lead> {
  return json<Lead>(await running.admin(`/api/leads/${encodeURIComponent(id)}`), `GET /api/leads/${id}`);
}

/** The lead one of whose channel ids is `visitorId` (e.g. `web:<id>`), among the latest leads of a channel. */
export async function leadByVisitorId(running: RunningApp, channel: string, visitorId: string): Promise<Lead | undefined> {
  const body = await json<{ items: Lead[] }>(await running.admin(`/api/leads?channel=${encodeURIComponent(channel)}&limit=200`), 'GET /api/leads');
  return body.items.find((lead) => lead.visitorIds.includes(visitorId));
}
