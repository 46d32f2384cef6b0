/**
 * The sales alert, rendered from the lead as it is now: the same function draws the first post and
 * every in-place update after Claim / Accept / Reject, so the message always tells the truth.
 */
import { answerLabel } from '../../core/lead/answer-labels.js';
import type { Lead, Temperature } from '../../core/lead/model.js';
import type { LeadAlertEvent } from '../../bot/outbox/lead-alert.js';
import { button, buttonValueObject, fieldsSection, isBlock, mrkdwnSection, safeText, truncate, type Block } from './blocks.js';
import { ACTION_JOIN } from './handoff-actions.js';

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

/** The team's language: one language per alert, the one the score reasons are written in (`language:` in the scoring rules). */
export type TeamLanguage = 'fr' | 'en';

const WORDS = {
  en: {
    headline: { qualified: 'New qualified lead (MQL)', 'captured-hot': 'Hot lead captured' } as Record<LeadAlertEvent, string>,
    temperature: { hot: 'hot', warm: 'warm', cold: 'cold' } as Record<Temperature, string>,
    unnamed: 'Unnamed lead', unverifiedPhone: 'unverified number', name: 'Name', company: 'Company', contact: 'Contact', score: 'Score', scoreWord: 'score', channel: 'Channel', segment: 'Segment',
    project: 'Project', timeline: 'Timeline', motivation: 'Motivation', budget: 'Budget', employees: 'employees', why: 'Why this score',
    routed: 'Routed to', open: 'Open lead', lead: 'Lead', accepted: 'Accepted (SQL)', rejected: 'Rejected', claimedBy: 'Claimed by', unclaimed: 'Unclaimed', by: 'by',
    claim: '🙋 Claim', accept: '✅ Accept (SQL)', reject: '🚫 Reject', join: '💬 Join the conversation', callBack: 'Call back',
    per: { month: 'month', year: 'year' } as Record<string, string>,
  },
  fr: {
    headline: { qualified: 'Nouveau lead qualifié (MQL)', 'captured-hot': 'Lead chaud capturé' } as Record<LeadAlertEvent, string>,
    temperature: { hot: 'chaud', warm: 'tiède', cold: 'froid' } as Record<Temperature, string>,
    unnamed: 'Lead sans nom', unverifiedPhone: 'numéro non vérifié', name: 'Nom', company: 'Entreprise', contact: 'Contact', score: 'Score', scoreWord: 'score', channel: 'Canal', segment: 'Segment',
    project: 'Projet', timeline: 'Échéance', motivation: 'Motivation', budget: 'Budget', employees: 'salariés', why: 'Pourquoi ce score',
    routed: 'Attribué à', open: 'Ouvrir le lead', lead: 'Lead', accepted: 'Accepté (SQL)', rejected: 'Rejeté', claimedBy: 'Pris par', unclaimed: 'Non attribué', by: 'par',
    claim: '🙋 Prendre', accept: '✅ Accepter (SQL)', reject: '🚫 Rejeter', join: '💬 Rejoindre la conversation', callBack: 'Rappel',
    per: { month: 'mois', year: 'an' } as Record<string, string>,
  },
};
type Words = (typeof WORDS)['en'];
const SLACK_ID = /^[A-Z0-9]{1,40}$/;
const OPEN_STAGES = new Set(['visitor', 'mcl', 'mql']);

/** E-mail and phone, one per line; a phone the visitor confirmed though no allocated range holds it says so. */
export function contactText(lead: Lead, language: TeamLanguage = 'en'): string {
  const phone = lead.phone && (lead.phoneVerified === false ? `${lead.phone} (${WORDS[language].unverifiedPhone})` : lead.phone);
  return [lead.email, phone].filter(Boolean).map((v) => safeText(v as string, 300)).join('\n');
}

export function renderLeadAlert(lead: Lead, ref: AlertRef, publicUrl?: string, language: TeamLanguage = 'en'): AlertMessage {
  const w = WORDS[language];
  const who = [lead.name, lead.company].filter(Boolean).join(' — ') || lead.email || w.unnamed;
  const scoreLine = `${lead.score}/100 ${TEMPERATURE_ICON[lead.temperature] ?? ''} ${w.temperature[lead.temperature] ?? lead.temperature}`;
  const blocks: (Block | null)[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${w.headline[ref.event]}: ${who}`, 150), emoji: true } },
    fieldsSection([
      [w.name, safeText(lead.name ?? '', 500)],
      [w.company, safeText(lead.company ?? '', 500)],
      [w.contact, contactText(lead, language)],
      [w.score, safeText(scoreLine, 100)],
      [w.channel, safeText(lead.channel ?? '', 100)],
      [w.segment, safeText(segmentText(lead, w, language), 300)],
    ]),
    breakdown(lead, w),
    fieldsSection([
      [w.project, safeText(lead.project?.label ?? lead.project?.text ?? '', 800)],
      [w.timeline, safeText(lead.timeline ? `${lead.timeline.text} (${answerLabel('timeline', lead.timeline.bucket, language)})` : '', 500)],
      [w.motivation, safeText(lead.motivation ? `${lead.motivation.text} (${answerLabel('motivation', lead.motivation.category, language)})` : '', 800)],
      [w.budget, safeText(budgetText(lead, w), 200)],
      [w.callBack, safeText(lead.callback?.label ?? '', 200)],
    ]),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: [ref.rep ? `${w.routed} <@${ref.rep}>` : '', leadLink(lead, w, publicUrl)].filter(Boolean).join(' · ') || ' ' },
      ],
    },
    mrkdwnSection(statusText(lead, w)),
    actions(lead, ref, w),
  ];
  const text = safeText(`${w.headline[ref.event]}: ${who} — ${w.scoreWord} ${scoreLine}`, 2900) + (ref.rep ? ` <@${ref.rep}>` : '');
  return { text, blocks: blocks.filter(isBlock) };
}

export function encodeAlertRef(ref: AlertRef): string {
  return JSON.stringify(ref);
}

/** Null when the value was not written by renderLeadAlert. */
export function decodeAlertRef(value: unknown): AlertRef | null {
  const parsed = buttonValueObject(value);
  if (!parsed) return null;
  const { leadId, event, rep } = parsed;
  if (typeof leadId !== 'string' || (event !== 'qualified' && event !== 'captured-hot')) return null;
  return { leadId, event, ...(typeof rep === 'string' && SLACK_ID.test(rep) ? { rep } : {}) };
}

function statusText(lead: Lead, w: Words): string {
  const last = lead.history.findLast((entry) => !entry.event);
  const by = last?.by ? ` ${w.by} <@${safeText(last.by, 40)}>` : '';
  if (lead.stage === 'sql') return `✅ *${w.accepted}*${by}`;
  const reason = lead.rejectionReason ?? last?.reason;
  if (lead.stage === 'rejected') return `🚫 *${w.rejected}*${by}${reason ? `: ${safeText(reason, 500)}` : ''}`;
  if (lead.owner) return `👤 *${w.claimedBy} <@${safeText(lead.owner, 40)}>*`;
  return `⏳ *${w.unclaimed}*`;
}

function actions(lead: Lead, ref: AlertRef, w: Words): Block | null {
  if (!OPEN_STAGES.has(lead.stage)) return null;
  const value = encodeAlertRef(ref);
  const elements = [
    button(w.join, ACTION_JOIN, value),
    ...(lead.owner ? [] : [button(w.claim, ACTION_CLAIM, value)]),
    button(w.accept, ACTION_ACCEPT, value, 'primary'),
    button(w.reject, ACTION_REJECT, value, 'danger'),
  ];
  return { type: 'actions', block_id: `lead_actions:${lead._id}`.slice(0, 255), elements };
}

/** The scorer writes each reason with its points ("Échéance : … (+25)"): shown as written, once. */
function breakdown(lead: Lead, w: Words): Block | null {
  if (lead.scoreBreakdown.length === 0) return null;
  const lines = lead.scoreBreakdown.slice(0, 15).map((line) => `• ${safeText(line.reason, 200)}`);
  return mrkdwnSection(`*${w.why}*\n${lines.join('\n')}`);
}

function segmentText(lead: Lead, w: Words, language: TeamLanguage): string {
  const s = lead.segment;
  return s ? [s.country, s.sector && answerLabel('sector', s.sector, language), s.companySize && `${s.companySize} ${w.employees}`].filter(Boolean).join(' · ') : '';
}

function budgetText(lead: Lead, w: Words): string {
  const b = lead.budget;
  if (!b) return '';
  const amount = b.max ? `${b.amount}–${b.max}` : `${b.amount}`;
  return `${amount} ${b.currency}${b.period && b.period !== 'once' ? ` / ${w.per[b.period] ?? b.period}` : ''}`;
}

/** The lead's page in the console (the JSON API answers 401 in a browser). */
export function consoleLeadUrl(publicUrl: string, leadId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/console/leads/${encodeURIComponent(leadId)}`;
}

function leadLink(lead: Lead, w: Words, publicUrl?: string): string {
  if (!publicUrl) return `${w.lead} ${safeText(lead._id, 100)}`;
  return `<${consoleLeadUrl(publicUrl, lead._id)}|${w.open}>`;
}
