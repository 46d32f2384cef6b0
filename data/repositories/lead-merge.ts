/**
 * Folding a visitor's lead into the lead that owns the e-mail (never two leads per e-mail):
 * known fields are kept, the more recently updated lead's answers win, the further stage wins,
 * histories are unioned, website signals are added up.
 */
import type { Behaviour, HistoryEntry, Lead, Stage } from '../../core/lead/model.js';
import { LEAD_PATCH_FIELDS } from './lead-patch.js';
import { reportFacts } from '../../core/lead/funnel-facts.js';

/** How far along the funnel a stage is; a merge keeps the further one. */
const STAGE_RANK: Record<Stage, number> = { visitor: 0, mcl: 1, mql: 2, rejected: 3, sql: 4 };

/** The `$set` that makes `target` the merge of `target` and `source` (visitorIds excluded: they move separately). */
export function mergedFields(target: Lead, source: Lead): Record<string, unknown> {
  const [newer, older] = target.updatedAt >= source.updatedAt ? [target, source] : [source, target];
  const fields: Record<string, unknown> = {};
  for (const field of LEAD_PATCH_FIELDS) {
    const value = newer[field] ?? older[field];
    if (value !== undefined) fields[field] = value;
  }
  if (target.email !== undefined) fields.email = target.email;
  if (target.owner ?? source.owner) fields.owner = target.owner ?? source.owner;
  if (newer.segment || older.segment) fields.segment = { ...older.segment, ...newer.segment };
  if (target.behaviour && source.behaviour) fields.behaviour = addBehaviour(newer.behaviour as Behaviour, older.behaviour as Behaviour);
  fields.stage = STAGE_RANK[source.stage] > STAGE_RANK[target.stage] ? source.stage : target.stage;
  fields.history = unionHistory(target.history, source.history);
  fields.createdAt = target.createdAt <= source.createdAt ? target.createdAt : source.createdAt;
  fields.report = reportFacts({ stage: fields.stage as Stage, history: fields.history as HistoryEntry[], createdAt: fields.createdAt as Date });
  return fields;
}

function addBehaviour(newer: Behaviour, older: Behaviour): Behaviour {
  const merged: Behaviour = {
    ...older,
    ...newer,
    pageViews: newer.pageViews + older.pageViews,
    timeOnSiteSec: newer.timeOnSiteSec + older.timeOnSiteSec,
    visits: newer.visits + older.visits,
  };
  const pages = [...(older.pages ?? []), ...(newer.pages ?? [])];
  const events = [...(older.events ?? []), ...(newer.events ?? [])];
  if (pages.length > 0) merged.pages = pages.slice(-500);
  if (events.length > 0) merged.events = events.slice(-500);
  return merged;
}

/** Union by (stage, event, time, by), in time order: merging the same pair twice adds nothing. */
function unionHistory(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): HistoryEntry[] {
  const seen = new Map<string, HistoryEntry>();
  for (const entry of [...a, ...b]) seen.set(`${entry.stage}|${entry.event ?? ''}|${entry.at.getTime()}|${entry.by ?? ''}`, entry);
  return [...seen.values()].sort((x, y) => x.at.getTime() - y.at.getTime());
}
