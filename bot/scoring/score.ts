/**
 * scoreLead: applies the scoring rules to what is known about a lead. Pure and cheap, so
 * re-scoring after each new answer or website signal is just calling it again. Every point comes
 * with a breakdown line a sales rep can read; when the total leaves 0–100, a final "cap" line
 * says so, so the breakdown always sums to the score.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Budget, Lead, LeadScore, ScoreLine, Segment, Temperature } from '../../core/lead/model.js';
import { reasonsIn, type Reasons } from './reasons.js';
import type { ScoringRules, Tier } from './rules.js';

const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);
const line = (rule: string, points: number, what: string): ScoreLine => ({ rule, points, reason: `${what} (${signed(points)})` });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own keys only: a hostile value like "__proto__" or "constructor" must never find points. */
const own = (table: Record<string, number> | undefined, key: unknown): number | undefined =>
  table && typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
/** Keep visitor-typed text short and single-line inside a reason. */
const quote = (v: string): string => JSON.stringify(v.replace(/\s+/g, ' ').slice(0, 60));

function tierPoints(tiers: Tier[] | undefined, value: number): Tier | undefined {
  return (tiers ?? []).filter((t) => value >= t.min).reduce<Tier | undefined>((best, t) => (!best || t.min > best.min ? t : best), undefined);
}

function answerLines(lead: Partial<Lead>, rules: ScoringRules, r: Reasons, labels: ScoreLabels): ScoreLine[] {
  const a = rules.answers;
  const lines: ScoreLine[] = [];
  const bucket = isObject(lead.timeline) ? lead.timeline.bucket : undefined;
  const timeline = own(a.timeline, bucket);
  if (timeline !== undefined) lines.push(line('timeline', timeline, r.timeline(bucket as string)));

  const category = isObject(lead.motivation) ? lead.motivation.category : undefined;
  const motivation = own(a.motivation, category);
  if (motivation !== undefined) lines.push(line('motivation', motivation, r.motivation(String(category))));

  const budget = budgetLine(lead.budget, rules, r);
  if (budget) lines.push(budget);

  const role = own(a.role, lead.role);
  if (role !== undefined) lines.push(line('role', role, r.role(lead.role as string)));

  const segment = isObject(lead.segment) ? lead.segment : {};
  const size = own(a.companySize, segment.companySize);
  if (size !== undefined) lines.push(line('companySize', size, r.companySize(String(segment.companySize))));
  const sector = own(a.sector, segment.sector);
  if (sector !== undefined) lines.push(line('sector', sector, r.sector(String(segment.sector))));

  if (a.project && isObject(lead.project) && typeof lead.project.text === 'string') {
    const { id, label, text } = lead.project;
    if (typeof id === 'string' && id !== '') lines.push(line('project', a.project.identified, r.projectInCatalogue(labels.project?.(id) ?? (typeof label === 'string' ? label : id))));
    else if (text.trim() !== '') lines.push(line('project', a.project.freeText, r.projectFreeText(quote(text.trim()))));
  }

  const emailKind = own(a.emailKind as Record<string, number> | undefined, lead.emailKind);
  if (emailKind !== undefined) lines.push(line('emailKind', emailKind, r.emailKind(lead.emailKind as string)));
  if (a.phone !== undefined && typeof lead.phone === 'string' && lead.phone.trim() !== '') lines.push(line('phone', a.phone, r.phone));
  return lines;
}

function budgetLine(budget: Partial<Budget> | undefined, rules: ScoringRules, r: Reasons): ScoreLine | undefined {
  const table = rules.answers.budget;
  if (!table || !isObject(budget) || typeof budget.amount !== 'number' || !Number.isFinite(budget.amount) || budget.amount < 0) return undefined;
  const currency = typeof budget.currency === 'string' ? budget.currency.toUpperCase() : table.currency;
  const rate = currency === table.currency ? 1 : own(table.rates, currency);
  if (rate === undefined) return line('budget', 0, r.budgetUnrated(`${budget.amount} ${currency}`));
  const max = typeof budget.max === 'number' && Number.isFinite(budget.max) && budget.max > budget.amount ? budget.max : budget.amount;
  const perYear = budget.period === 'month' ? 12 : 1;
  const value = ((budget.amount + max) / 2) * perYear * rate;
  const range = table.ranges.find((r) => value >= r.min && (r.max === undefined || value < r.max));
  if (!range) return undefined;
  const said = `${budget.amount}${max !== budget.amount ? `–${max}` : ''} ${currency}${budget.period ? r.per[budget.period] : ''}`;
  return line('budget', range.points, r.budget(said, range.label));
}

function behaviourLines(lead: Partial<Lead>, rules: ScoringRules, r: Reasons): ScoreLine[] {
  const b = rules.behaviour;
  const seen = lead.behaviour;
  if (!b || !isObject(seen)) return [];
  const lines: ScoreLine[] = [];
  const tiers: [keyof typeof b & ('pageViews' | 'timeOnSiteSec' | 'visits'), (n: number) => string][] = [
    ['pageViews', r.pageViews],
    ['timeOnSiteSec', (n) => r.minutesOnSite(Math.round(n / 60))],
    ['visits', r.visits],
  ];
  for (const [key, describe] of tiers) {
    const value = count(seen[key]);
    const tier = tierPoints(b[key], value);
    if (tier) lines.push(line(key, tier.points, describe(value)));
  }
  const events = Array.isArray(seen.events) ? seen.events : [];
  for (const [name, rule] of Object.entries(b.events ?? {})) {
    const times = events.filter((e) => isObject(e) && e.name === name).length;
    if (times === 0) continue;
    const counted = Math.min(times, rule.maxCount ?? Number.POSITIVE_INFINITY);
    lines.push(line(`event:${name}`, rule.points * counted, r.website(`${rule.label ?? name}${counted > 1 ? ` ×${counted}` : ''}`)));
  }
  const urls = (Array.isArray(seen.pages) ? seen.pages : []).flatMap((p) => (isObject(p) && typeof p.url === 'string' ? [p.url.toLowerCase()] : []));
  const labelsDone = new Set<string>();
  for (const page of b.pages ?? []) {
    // Two patterns for the same thing (/tarifs, /pricing) count once.
    if (labelsDone.has(page.label) || !urls.some((u) => u.includes(page.urlContains.toLowerCase()))) continue;
    labelsDone.add(page.label);
    lines.push(line(`page:${page.urlContains}`, page.points, r.website(page.label)));
  }
  return lines;
}

/** Country from the lead's segment, else from its E.164 phone number. */
function segmentOf(lead: Partial<Lead>): Segment {
  const given = isObject(lead.segment) ? lead.segment : {};
  const segment: Segment = {};
  const code = (v: unknown) => (typeof v === 'string' && /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : undefined);
  const country = code(given.country) ?? (typeof lead.phone === 'string' ? parsePhoneNumberFromString(lead.phone.slice(0, 40))?.country : undefined);
  if (country) segment.country = country;
  if (typeof given.sector === 'string' && given.sector !== '') segment.sector = given.sector.slice(0, 60);
  if (typeof given.companySize === 'string' && given.companySize !== '') segment.companySize = given.companySize.slice(0, 20);
  return segment;
}

export function temperatureOf(score: number, rules: ScoringRules): Temperature {
  const { warm, hot } = rules.thresholds.temperature;
  return score >= hot ? 'hot' : score >= warm ? 'warm' : 'cold';
}

function hasProject(lead: Partial<Lead>, rules: ScoringRules): boolean {
  const project = lead.project;
  if (!isObject(project)) return false;
  if (rules.thresholds.mqlProject === 'catalogue') return typeof project.id === 'string' && project.id !== '';
  return typeof project.text === 'string' && project.text.trim() !== '';
}

/** Names of catalogue entries in the team's language; without it the label stored with the answer is shown. */
export interface ScoreLabels {
  project?(id: string): string | undefined;
}

export function scoreLead(lead: Partial<Lead>, rules: ScoringRules, labels: ScoreLabels = {}): LeadScore & { segment: Segment } {
  const input: Partial<Lead> = isObject(lead) ? lead : {};
  const r = reasonsIn(rules.language);
  const breakdown = [...answerLines(input, rules, r, labels), ...behaviourLines(input, rules, r)];
  const raw = breakdown.reduce((sum, l) => sum + l.points, 0);
  const score = Math.min(100, Math.max(0, Math.round(raw)));
  if (score !== raw) breakdown.push({ rule: 'cap', points: score - raw, reason: `${r.cap(raw)} (${signed(score - raw)})` });
  return {
    score,
    temperature: temperatureOf(score, rules),
    breakdown,
    qualified: hasProject(input, rules) && score >= rules.thresholds.mql,
    segment: segmentOf(input),
  };
}
