/**
 * The lead as CRM contact properties. Names are HubSpot's contact property names where HubSpot
 * has one (Marketo's field names in the README table); leadq's own fields are prefixed `leadq_`.
 */
import type { Lead, Stage } from '../../core/lead/model.js';

/** HubSpot lifecycle stages (Marketo: the `leadStatus` field takes the same words). */
const LIFECYCLE: Record<Stage, string> = { visitor: 'subscriber', mcl: 'lead', mql: 'marketingqualifiedlead', sql: 'salesqualifiedlead', rejected: 'other' };

function splitName(name: string | undefined): { firstname?: string; lastname?: string } {
  if (!name) return {};
  const [first, ...rest] = name.trim().split(/\s+/);
  return { firstname: first, ...(rest.length > 0 && { lastname: rest.join(' ') }) };
}

export function contactProperties(lead: Lead): Record<string, string | number | null> {
  const budget = lead.budget;
  return {
    email: lead.email ?? null,
    ...splitName(lead.name),
    phone: lead.phone ?? null,
    company: lead.company ?? null,
    country: lead.segment?.country ?? null,
    industry: lead.segment?.sector ?? null,
    numemployees: lead.segment?.companySize ?? null,
    lifecyclestage: LIFECYCLE[lead.stage],
    hs_lead_status: lead.stage === 'rejected' ? 'UNQUALIFIED' : lead.stage === 'sql' ? 'OPEN_DEAL' : 'NEW',
    hubspot_owner_id: null,
    leadq_owner: lead.owner ?? null,
    leadq_id: lead._id,
    leadq_stage: lead.stage,
    leadq_score: lead.score,
    leadq_temperature: lead.temperature,
    leadq_score_reasons: lead.scoreBreakdown.map((l) => l.reason).join('\n'),
    leadq_project: lead.project?.label ?? lead.project?.text ?? null,
    leadq_timeline: lead.timeline?.bucket ?? null,
    leadq_motivation: lead.motivation?.category ?? null,
    leadq_budget_amount: budget?.amount ?? null,
    leadq_budget_currency: budget?.currency ?? null,
    leadq_role: lead.role ?? null,
    leadq_channel: lead.channel ?? null,
    leadq_rejection_reason: lead.stage === 'rejected' ? (lead.history.findLast((entry) => !entry.event)?.reason ?? null) : null,
    leadq_callback_at: lead.callback ? new Date(lead.callback.at).toISOString() : null,
    leadq_callback_label: lead.callback?.label ?? null,
    hs_analytics_source_data_1: lead.behaviour?.utm?.utm_source ?? null,
    leadq_created_at: new Date(lead.createdAt).toISOString(),
    leadq_updated_at: new Date(lead.updatedAt).toISOString(),
  };
}
