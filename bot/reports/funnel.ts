/**
 * The funnel for a period: conversations → MCL (captured) → MQL (qualified) → SQL (accepted by
 * sales), overall and per group. Conversations are counted by the day the visitor first spoke
 * in them, leads by the day they were created (a cohort: the leads born from the period's
 * conversations). A lead counts at every stage it ever reached (its history), so a rejected MQL
 * still counts as MQL. The store counts (GROUP BY / $group); only grouping by a lead field reads
 * the period's leads, and then only that field.
 */
import { ACCEPTED_LEVEL, CAPTURED_LEVEL, QUALIFIED_LEVEL, reachedLevel } from '../../core/lead/funnel-facts.js';
import type { Lead } from '../../core/lead/model.js';
import type { LeadRepository, TranscriptRepository } from '../../core/ports/repository.js';

export const FUNNEL_GROUPS = ['day', 'week', 'channel', 'country', 'sector', 'companySize', 'utmSource', 'landingPage', 'scriptVersion'] as const;
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

const NONE = '(none)';

export const isCaptured = (lead: Lead): boolean => reachedLevel(lead, CAPTURED_LEVEL);
export const isQualified = (lead: Lead): boolean => reachedLevel(lead, QUALIFIED_LEVEL);
export const isAccepted = (lead: Lead): boolean => reachedLevel(lead, ACCEPTED_LEVEL);

export function rate(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num / den) * 1000) / 10;
}

function rates(c: FunnelCounts): FunnelRates {
  return { conversationToMcl: rate(c.mcl, c.conversations), mclToMql: rate(c.mql, c.mcl), mqlToSql: rate(c.sql, c.mql), conversationToSql: rate(c.sql, c.conversations) };
}

const DAY_MS = 86_400_000;
const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** Monday of the ISO week of a `YYYY-MM-DD` day. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return dayOf(d);
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

type LeadGroup = Exclude<FunnelGroup, 'day' | 'week' | 'scriptVersion'>;

/** The lead fields each lead grouping reads. */
const LEAD_FIELDS: Record<LeadGroup, (keyof Lead)[]> = {
  channel: ['channel'],
  country: ['segment'],
  sector: ['segment'],
  companySize: ['segment'],
  utmSource: ['behaviour'],
  landingPage: ['behaviour'],
};

function leadKey(lead: Lead, group: LeadGroup): string {
  switch (group) {
    case 'channel': return lead.channel ?? NONE;
    case 'country': return lead.segment?.country ?? NONE;
    case 'sector': return lead.segment?.sector ?? NONE;
    case 'companySize': return lead.segment?.companySize ?? NONE;
    case 'utmSource': return lead.behaviour?.utm?.utm_source ?? NONE;
    case 'landingPage': return landingPath(lead);
  }
}

const zero = (): FunnelCounts => ({ conversations: 0, mcl: 0, mql: 0, sql: 0 });

function addLevel(counts: FunnelCounts, level: number, n: number): void {
  if (level >= CAPTURED_LEVEL) counts.mcl += n;
  if (level >= QUALIFIED_LEVEL) counts.mql += n;
  if (level >= ACCEPTED_LEVEL) counts.sql += n;
}

/** The median of values given with their multiplicity. */
function weightedMedian(values: readonly { value: number; n: number }[]): number | null {
  const sorted = values.filter((v) => v.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.n, 0);
  if (total === 0) return null;
  const nth = (k: number): number => {
    let seen = 0;
    for (const v of sorted) if ((seen += v.n) > k) return v.value;
    return sorted.at(-1)!.value;
  };
  return total % 2 ? nth(total >> 1) : (nth(total / 2 - 1) + nth(total / 2)) / 2;
}

export async function funnelReport(store: { leads: LeadRepository; transcripts: TranscriptRepository }, input: { from: Date; to: Date; groupBy?: FunnelGroup }): Promise<FunnelReport> {
  const { from, to, groupBy: group } = input;
  const [leadCounts, qualifyTimes, conversationCounts] = await Promise.all([store.leads.reportCounts(from, to), store.leads.qualifyTimes(from, to), store.transcripts.conversationCounts(from, to)]);

  const totals = zero();
  for (const c of conversationCounts) totals.conversations += c.conversations;
  for (const c of leadCounts) addLevel(totals, c.level, c.leads);

  const bands = Array.from({ length: 10 }, (_, i) => ({ band: i === 9 ? '90-100' : `${i * 10}-${i * 10 + 9}`, leads: 0 }));
  for (const c of leadCounts) bands[Math.min(9, Math.max(0, Math.floor(c.score / 10)))]!.leads += c.leads;
  const median = weightedMedian(qualifyTimes.map((t) => ({ value: t.ms, n: t.leads })));

  const report: FunnelReport = {
    from: from.toISOString(),
    to: to.toISOString(),
    totals,
    rates: rates(totals),
    scoreDistribution: bands,
    medianTimeToQualifySec: median === null ? null : median / 1000,
  };
  if (!group) return report;

  const rows = new Map<string, FunnelCounts>();
  const row = (key: string): FunnelCounts => rows.get(key) ?? rows.set(key, zero()).get(key)!;
  if (group === 'day' || group === 'week') {
    const key = group === 'day' ? (day: string) => day : weekOf;
    for (const c of conversationCounts) row(key(c.day)).conversations += c.conversations;
    for (const c of leadCounts) addLevel(row(key(c.day)), c.level, c.leads);
    // A day or week without any activity is still a row (a zero, not a gap).
    const step = group === 'day' ? DAY_MS : 7 * DAY_MS;
    for (let t = Date.parse(key(dayOf(from))); t < to.getTime(); t += step) row(dayOf(new Date(t)));
  } else {
    await groupByLead(store, input as { from: Date; to: Date }, group, row);
  }
  report.groupBy = group;
  report.groups = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => ({ key, ...counts, rates: rates(counts) }));
  return report;
}

/**
 * Groups of a lead field (or of the script version a lead's conversation ran): the period's
 * leads are read with that field only, and each conversation goes to its visitor's lead's group
 * (a conversation without a lead of the period: its channel, from the visitor id, or none).
 */
async function groupByLead(store: { leads: LeadRepository; transcripts: TranscriptRepository }, period: { from: Date; to: Date }, group: LeadGroup | 'scriptVersion', row: (key: string) => FunnelCounts): Promise<void> {
  const fields: (keyof Lead)[] = ['visitorIds', 'report', ...(group === 'scriptVersion' ? [] : LEAD_FIELDS[group])];
  const [leads, conversations] = await Promise.all([store.leads.createdBetween(period.from, period.to, fields), store.transcripts.conversationVisitors(period.from, period.to)]);
  const leadByVisitor = new Map<string, Lead>();
  for (const lead of leads) for (const id of lead.visitorIds ?? []) leadByVisitor.set(id, lead);
  const scriptOf = new Map<Lead, string>();
  for (const conversation of conversations) {
    const lead = leadByVisitor.get(conversation.visitorId);
    let key: string;
    if (group === 'scriptVersion') {
      key = conversation.scriptVersion ?? NONE;
      if (lead && !scriptOf.has(lead)) scriptOf.set(lead, key);
    } else if (lead) key = leadKey(lead, group);
    else key = group === 'channel' ? conversation.visitorId.slice(0, conversation.visitorId.indexOf(':')) || NONE : NONE;
    row(key).conversations += conversation.conversations;
  }
  for (const lead of leads) {
    const key = group === 'scriptVersion' ? (scriptOf.get(lead) ?? NONE) : leadKey(lead, group);
    addLevel(row(key), lead.report?.level ?? 0, 1);
  }
}
