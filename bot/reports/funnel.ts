/**
 * The funnel for a period: conversations → MCL (captured) → MQL (qualified) → SQL (accepted by
 * sales), overall and per group. Conversations are counted from the stored transcripts (a
 * conversation is one in which the visitor said something), leads by the day they were created
 * (a cohort: the leads born from the period's conversations). A lead counts at every stage it
 * ever reached (its history), so a rejected MQL still counts as MQL.
 */
import type { Lead, Stage } from '../../core/lead/model.js';
import type { TranscriptEntry } from '../../core/ports/repository.js';

export const FUNNEL_GROUPS = ['day', 'week', 'channel', 'country', 'sector', 'companySize', 'utmSource', 'landingPage'] as const;
export type FunnelGroup = (typeof FUNNEL_GROUPS)[number];

export interface FunnelCounts {
  conversations: number;
  mcl: number;
  mql: number;
  sql: number;
}

export interface FunnelRates {
  /** Percentages with one decimal; null when the denominator is 0. */
  conversationToMcl: number | null;
  mclToMql: number | null;
  mqlToSql: number | null;
  conversationToSql: number | null;
}

export interface FunnelRow extends FunnelCounts {
  key: string;
  rates: FunnelRates;
}

export interface FunnelReport {
  from: string;
  to: string;
  totals: FunnelCounts;
  rates: FunnelRates;
  groupBy?: FunnelGroup;
  groups?: FunnelRow[];
  /** Leads of the period per score band: `0-9`, `10-19`, … `90-100`. */
  scoreDistribution: { band: string; leads: number }[];
  /** Median seconds from a lead's creation to its qualification (MQL), over leads qualified; null when none. */
  medianTimeToQualifySec: number | null;
}

const CAPTURED: readonly Stage[] = ['mcl', 'mql', 'sql', 'rejected'];
const QUALIFIED: readonly Stage[] = ['mql', 'sql'];
const NONE = '(none)';

const reached = (lead: Lead, stages: readonly Stage[]): boolean => stages.includes(lead.stage) || lead.history.some((h) => stages.includes(h.stage));

export const isCaptured = (lead: Lead): boolean => reached(lead, CAPTURED);
export const isQualified = (lead: Lead): boolean => reached(lead, QUALIFIED);
export const isAccepted = (lead: Lead): boolean => reached(lead, ['sql']);

export function rate(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num / den) * 1000) / 10;
}

function rates(c: FunnelCounts): FunnelRates {
  return { conversationToMcl: rate(c.mcl, c.conversations), mclToMql: rate(c.mql, c.mcl), mqlToSql: rate(c.sql, c.mql), conversationToSql: rate(c.sql, c.conversations) };
}

const DAY_MS = 86_400_000;
const day = (at: Date): string => at.toISOString().slice(0, 10);

/** Monday of the ISO week, as a date. */
function week(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return day(d);
}

function landingPath(lead: Lead): string {
  const url = lead.behaviour?.pages?.[0]?.url;
  if (!url) return NONE;
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return url.slice(0, 200);
  }
}

function leadKey(lead: Lead, group: FunnelGroup): string {
  switch (group) {
    case 'day': return day(lead.createdAt);
    case 'week': return week(lead.createdAt);
    case 'channel': return lead.channel ?? NONE;
    case 'country': return lead.segment?.country ?? NONE;
    case 'sector': return lead.segment?.sector ?? NONE;
    case 'companySize': return lead.segment?.companySize ?? NONE;
    case 'utmSource': return lead.behaviour?.utm?.utm_source ?? NONE;
    case 'landingPage': return landingPath(lead);
  }
}

interface Conversation {
  startedAt: Date;
  visitorId: string;
}

/** Conversations in which the visitor spoke, with their first visitor line. */
export function conversationsOf(entries: readonly TranscriptEntry[]): Map<string, Conversation> {
  const conversations = new Map<string, Conversation>();
  for (const entry of entries) {
    if (entry.from !== 'user' || !entry.visitorId) continue;
    const known = conversations.get(entry.conversationId);
    if (!known || entry.at < known.startedAt) conversations.set(entry.conversationId, { startedAt: entry.at, visitorId: entry.visitorId });
  }
  return conversations;
}

function conversationKey(conversation: Conversation, lead: Lead | undefined, group: FunnelGroup): string {
  if (group === 'day') return day(conversation.startedAt);
  if (group === 'week') return week(conversation.startedAt);
  if (lead) return leadKey(lead, group);
  if (group === 'channel') return conversation.visitorId.slice(0, conversation.visitorId.indexOf(':')) || NONE;
  return NONE;
}

const zero = (): FunnelCounts => ({ conversations: 0, mcl: 0, mql: 0, sql: 0 });

function add(counts: FunnelCounts, lead: Lead): void {
  if (isCaptured(lead)) counts.mcl++;
  if (isQualified(lead)) counts.mql++;
  if (isAccepted(lead)) counts.sql++;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function funnelReport(input: { from: Date; to: Date; leads: readonly Lead[]; transcript: readonly TranscriptEntry[]; groupBy?: FunnelGroup }): FunnelReport {
  const conversations = conversationsOf(input.transcript);
  const totals = zero();
  totals.conversations = conversations.size;
  for (const lead of input.leads) add(totals, lead);

  const bands = Array.from({ length: 10 }, (_, i) => ({ band: i === 9 ? '90-100' : `${i * 10}-${i * 10 + 9}`, leads: 0 }));
  for (const lead of input.leads) bands[Math.min(9, Math.max(0, Math.floor(lead.score / 10)))]!.leads++;

  const toQualify: number[] = [];
  for (const lead of input.leads) {
    const qualified = lead.history.find((h) => h.stage === 'mql');
    if (qualified) toQualify.push(Math.max(0, (new Date(qualified.at).getTime() - new Date(lead.createdAt).getTime()) / 1000));
  }

  const report: FunnelReport = {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    totals,
    rates: rates(totals),
    scoreDistribution: bands,
    medianTimeToQualifySec: median(toQualify),
  };
  const group = input.groupBy;
  if (!group) return report;

  const rows = new Map<string, FunnelCounts>();
  const row = (key: string): FunnelCounts => rows.get(key) ?? rows.set(key, zero()).get(key)!;
  const leadByVisitor = new Map<string, Lead>();
  for (const lead of input.leads) for (const id of lead.visitorIds) leadByVisitor.set(id, lead);
  for (const conversation of conversations.values()) row(conversationKey(conversation, leadByVisitor.get(conversation.visitorId), group)).conversations++;
  for (const lead of input.leads) add(row(leadKey(lead, group)), lead);
  // A day or week without any activity is still a row (a zero, not a gap).
  if (group === 'day' || group === 'week') {
    const step = group === 'day' ? DAY_MS : 7 * DAY_MS;
    const first = group === 'day' ? day(input.from) : week(input.from);
    for (let t = Date.parse(first); t < input.to.getTime(); t += step) row(day(new Date(t)));
  }
  report.groupBy = group;
  report.groups = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => ({ key, ...counts, rates: rates(counts) }));
  return report;
}
