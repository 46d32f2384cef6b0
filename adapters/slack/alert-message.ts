/**
 * The sales alert, rendered from the lead as it is now: the same function draws the first post and
 * every in-place update after Claim / Accept / Reject, so the message always tells the truth.
 */
import type { Lead, Temperature } from '../../core/lead/model.js';
import type { LeadAlertEvent } from '../../bot/outbox/lead-alert.js';
import { button, fieldsSection, isBlock, mrkdwnSection, safeText, truncate, type Block } from './blocks.js';

export const ACTION_CLAIM = 'lead_claim';
export const ACTION_ACCEPT = 'lead_accept';
export const ACTION_REJECT = 'lead_reject';

/** What the buttons carry so any replica can act on and redraw the message. */
export interface AlertRef {
  leadId: string;
  event: LeadAlertEvent;
  /** Rep the alert was routed to, if any. */
  rep?: string;
}

export interface AlertMessage {
  text: string;
  blocks: Block[];
}

const TEMPERATURE_ICON: Record<Temperature, string> = { hot: '🔥', warm: '🌤️', cold: '❄️' };
const HEADLINE: Record<LeadAlertEvent, string> = { qualified: 'New qualified lead (MQL)', 'captured-hot': 'Hot lead captured' };
const SLACK_ID = /^[A-Z0-9]{1,40}$/;
const OPEN_STAGES = new Set(['visitor', 'mcl', 'mql']);

export function renderLeadAlert(lead: Lead, ref: AlertRef, publicUrl?: string): AlertMessage {
  const who = [lead.name, lead.company].filter(Boolean).join(' — ') || lead.email || 'Unnamed lead';
  const scoreLine = `${lead.score}/100 ${TEMPERATURE_ICON[lead.temperature] ?? ''} ${lead.temperature}`;
  const blocks: (Block | null)[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${HEADLINE[ref.event]}: ${who}`, 150), emoji: true } },
    fieldsSection([
      ['Name', safeText(lead.name ?? '', 500)],
      ['Company', safeText(lead.company ?? '', 500)],
      ['Contact', [lead.email, lead.phone].filter(Boolean).map((v) => safeText(v as string, 300)).join('\n')],
      ['Score', safeText(scoreLine, 100)],
      ['Channel', safeText(lead.channel ?? '', 100)],
      ['Segment', safeText(segmentText(lead), 300)],
    ]),
    breakdown(lead),
    fieldsSection([
      ['Project', safeText(lead.project?.label ?? lead.project?.text ?? '', 800)],
      ['Timeline', safeText(lead.timeline ? `${lead.timeline.text} (${lead.timeline.bucket})` : '', 500)],
      ['Motivation', safeText(lead.motivation ? `${lead.motivation.text} (${lead.motivation.category})` : '', 800)],
      ['Budget', safeText(budgetText(lead), 200)],
    ]),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: [ref.rep ? `Routed to <@${ref.rep}>` : '', leadLink(lead, publicUrl)].filter(Boolean).join(' · ') || ' ' },
      ],
    },
    mrkdwnSection(statusText(lead)),
    actions(lead, ref),
  ];
  const text = safeText(`${HEADLINE[ref.event]}: ${who} — score ${scoreLine}`, 2900) + (ref.rep ? ` <@${ref.rep}>` : '');
  return { text, blocks: blocks.filter(isBlock) };
}

export function encodeAlertRef(ref: AlertRef): string {
  return JSON.stringify(ref);
}

/** Null when the value was not written by renderLeadAlert. */
export function decodeAlertRef(value: unknown): AlertRef | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { leadId, event, rep } = parsed as Record<string, unknown>;
  if (typeof leadId !== 'string' || (event !== 'qualified' && event !== 'captured-hot')) return null;
  return { leadId, event, ...(typeof rep === 'string' && SLACK_ID.test(rep) ? { rep } : {}) };
}

function statusText(lead: Lead): string {
  const last = lead.history.at(-1);
  const by = last?.by ? ` by <@${safeText(last.by, 40)}>` : '';
  if (lead.stage === 'sql') return `✅ *Accepted (SQL)*${by}`;
  const reason = lead.rejectionReason ?? last?.reason;
  if (lead.stage === 'rejected') return `🚫 *Rejected*${by}${reason ? `: ${safeText(reason, 500)}` : ''}`;
  if (lead.owner) return `👤 *Claimed by <@${safeText(lead.owner, 40)}>*`;
  return '⏳ *Unclaimed*';
}

function actions(lead: Lead, ref: AlertRef): Block | null {
  if (!OPEN_STAGES.has(lead.stage)) return null;
  const value = encodeAlertRef(ref);
  const elements = [
    ...(lead.owner ? [] : [button('🙋 Claim', ACTION_CLAIM, value)]),
    button('✅ Accept (SQL)', ACTION_ACCEPT, value, 'primary'),
    button('🚫 Reject', ACTION_REJECT, value, 'danger'),
  ];
  return { type: 'actions', block_id: `lead_actions:${lead._id}`.slice(0, 255), elements };
}

function breakdown(lead: Lead): Block | null {
  if (lead.scoreBreakdown.length === 0) return null;
  const lines = lead.scoreBreakdown
    .slice(0, 15)
    .map((line) => `• ${line.points >= 0 ? '+' : ''}${line.points} ${safeText(line.rule, 80)} — ${safeText(line.reason, 160)}`);
  return mrkdwnSection(`*Why this score*\n${lines.join('\n')}`);
}

function segmentText(lead: Lead): string {
  const s = lead.segment;
  return s ? [s.country, s.sector, s.companySize && `${s.companySize} employees`].filter(Boolean).join(' · ') : '';
}

function budgetText(lead: Lead): string {
  const b = lead.budget;
  if (!b) return '';
  const amount = b.max ? `${b.amount}–${b.max}` : `${b.amount}`;
  return `${amount} ${b.currency}${b.period && b.period !== 'once' ? ` / ${b.period}` : ''}`;
}

function leadLink(lead: Lead, publicUrl?: string): string {
  if (!publicUrl) return `Lead ${safeText(lead._id, 100)}`;
  const url = `${publicUrl.replace(/\/+$/, '')}/api/leads/${encodeURIComponent(lead._id)}`;
  return `<${url}|Open lead>`;
}
