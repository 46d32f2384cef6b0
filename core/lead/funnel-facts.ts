/**
 * The funnel's view of a lead. Captured (MCL), qualified (MQL) and accepted (SQL) are nested: a
 * lead counts at every level it ever reached, so a rejected MQL still counts as MQL. One number,
 * the furthest level reached, says all three; the store keeps it on the lead with `$max`, which
 * concurrent writers cannot get wrong.
 */
import type { HistoryEntry, Lead, LeadReportFacts, Stage } from './model.js';

export const FUNNEL_LEVEL: Readonly<Record<Stage, number>> = { visitor: 0, mcl: 1, rejected: 1, mql: 2, sql: 3 };
export const CAPTURED_LEVEL = 1;
export const QUALIFIED_LEVEL = 2;
export const ACCEPTED_LEVEL = 3;

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The facts of a lead as its history and creation date say them (new leads, merges, back-fill). */
export function reportFacts(lead: { stage: Stage; history: readonly HistoryEntry[]; createdAt: Date }): LeadReportFacts {
  const level = Math.max(FUNNEL_LEVEL[lead.stage], ...lead.history.map((h) => FUNNEL_LEVEL[h.stage] ?? 0));
  const qualified = lead.history.find((h) => h.stage === 'mql');
  return {
    level,
    day: utcDay(lead.createdAt),
    ...(qualified ? { msToQualify: msToQualify(lead.createdAt, new Date(qualified.at)) } : {}),
  };
}

export function msToQualify(createdAt: Date, qualifiedAt: Date): number {
  return Math.max(0, qualifiedAt.getTime() - new Date(createdAt).getTime());
}

export const reachedLevel = (lead: Pick<Lead, 'stage' | 'history'>, level: number): boolean =>
  FUNNEL_LEVEL[lead.stage] >= level || lead.history.some((h) => FUNNEL_LEVEL[h.stage] >= level);
