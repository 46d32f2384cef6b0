/**
 * Counts, after a fault, what the visitors were told against what the store holds, through the
 * admin API as an operator would read it.
 */
import type { Lead } from '../../core/lead/model.js';
import { ADMIN_TOKEN } from '../support/app-harness.js';

export interface AuditedVisitor {
  visitorId: string;
  email: string;
  /** Slots whose answer the bot acknowledged. */
  acknowledged: ReadonlySet<string>;
}

export interface LeadAudit {
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  /** Why each lost lead counts as lost, for the failure message. */
  problems: string[];
  leads: Lead[];
}

/** Contact answers a lead must carry once the bot acknowledged them. */
const CONTACT_SLOTS = ['name', 'email', 'phone', 'company'] as const;

export async function allLeads(baseUrl: string): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let skip = 0; ; skip += 200) {
    const res = await fetch(`${baseUrl}/api/leads?limit=200&skip=${skip}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (res.status !== 200) throw new Error(`GET /api/leads → ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { items: Lead[]; total: number };
    leads.push(...page.items);
    if (leads.length >= page.total || page.items.length === 0) return leads;
  }
}

export async function auditLeads(baseUrl: string, visitors: readonly AuditedVisitor[]): Promise<LeadAudit> {
  const leads = await allLeads(baseUrl);
  const problems: string[] = [];
  let acknowledged = 0;
  let stored = 0;
  let lost = 0;
  let duplicated = 0;
  for (const visitor of visitors) {
    const mine = leads.filter((lead) => lead.visitorIds.includes(visitor.visitorId) || lead.email === visitor.email);
    duplicated += Math.max(0, mine.length - 1);
    if (mine.length > 1) problems.push(`${visitor.email}: ${mine.length} leads`);
    const lead = mine[0];
    const complete = lead?.email === visitor.email && CONTACT_SLOTS.every((slot) => !visitor.acknowledged.has(slot) || lead[slot] !== undefined);
    if (lead?.email === visitor.email) stored++;
    if (!visitor.acknowledged.has('email')) continue;
    acknowledged++;
    if (!complete) {
      lost++;
      // With nothing stored, every lead's identity goes into the message: a merge or a stray key shows there.
      const storedLeads = leads.map((l) => ({ _id: l._id, email: l.email, visitorIds: l.visitorIds, stage: l.stage }));
      problems.push(`${visitor.email} (${visitor.visitorId}): acknowledged ${[...visitor.acknowledged].join(',')} but stored ${lead ? JSON.stringify(Object.fromEntries(CONTACT_SLOTS.map((s) => [s, lead[s]]))) : `nothing; leads: ${JSON.stringify(storedLeads)}`}`);
    }
  }
  return { acknowledged, stored, lost, duplicated, problems, leads };
}
