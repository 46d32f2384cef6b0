/**
 * Admin API: leads, one lead, CSV export, and erasure of a lead (GDPR). Every route needs
 * `Authorization: Bearer $ADMIN_TOKEN` or a console session (see admin-auth.ts).
 */
import type { Request, Server } from 'restify';
import { stringify } from 'csv-stringify/sync';
import { STAGES, type Lead, type Stage, type Temperature } from '../../core/lead/model.js';
import { LEAD_QUERY_LIMITS, LEAD_SORTS, type LeadQuery, type LeadRepository, type LeadSort } from '../../core/ports/repository.js';
import type { LeadEvents } from '../../bot/outbox/lead-webhook.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { HttpError } from './errors.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

const MAX_PAGE = 200;
const MAX_EXPORT = 10_000;

function single(value: unknown, name: string, maxLength = 256): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_query', `"${name}" must be given once, as text`);
  if (value.length > maxLength) throw new HttpError(400, 'invalid_query', `"${name}" is longer than ${maxLength} characters`);
  return value;
}

function integer(value: unknown, name: string, min: number, max: number): number | undefined {
  const raw = single(value, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HttpError(400, 'invalid_query', `"${name}" must be an integer between ${min} and ${max}`);
  }
  return n;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
  const raw = single(value, name);
  if (raw === undefined || raw === '') return undefined;
  if (!allowed.includes(raw as T)) throw new HttpError(400, 'invalid_query', `"${name}" must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/** `YYYY-MM-DD` (a UTC day) or a full ISO timestamp. */
export function dateParam(value: unknown, name: string): Date | undefined {
  const raw = single(value, name);
  if (raw === undefined || raw === '') return undefined;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? new Date(raw) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, 'invalid_query', `"${name}" must be a date (YYYY-MM-DD or ISO 8601)`);
  return date;
}

export const LEAD_QUERY_FIELDS = ['stage', 'temperature', 'minScore', 'maxScore', 'email', 'channel', 'country', 'sector', 'companySize', 'q', 'from', 'to', 'sort', 'order', 'limit', 'skip'] as const;
const TEMPERATURES: readonly Temperature[] = ['cold', 'warm', 'hot'];
const DAY_MS = 24 * 3600 * 1000;

export function parseLeadQuery(query: Record<string, unknown>, maxLimit = MAX_PAGE): LeadQuery {
  const email = single(query.email, 'email', LEAD_QUERY_LIMITS.email);
  const to = dateParam(query.to, 'to');
  const rawSort = single(query.sort, 'sort');
  const descending = rawSort?.startsWith('-') ?? false;
  const segment = (name: 'country' | 'sector' | 'companySize') => single(query[name], name) || undefined;
  const lead: LeadQuery = {
    stage: oneOf<Stage>(query.stage, 'stage', STAGES),
    temperature: oneOf<Temperature>(query.temperature, 'temperature', TEMPERATURES),
    minScore: integer(query.minScore, 'minScore', 0, 100),
    maxScore: integer(query.maxScore, 'maxScore', 0, 100),
    email: email?.trim().toLowerCase() || undefined,
    channel: single(query.channel, 'channel', LEAD_QUERY_LIMITS.channel)?.trim() || undefined,
    country: segment('country'),
    sector: segment('sector'),
    companySize: segment('companySize'),
    text: single(query.q, 'q', LEAD_QUERY_LIMITS.text)?.trim() || undefined,
    createdFrom: dateParam(query.from, 'from'),
    // A bare day includes that whole day.
    createdTo: to && typeof query.to === 'string' && query.to.length === 10 ? new Date(to.getTime() + DAY_MS) : to,
    // `-score` (the usual spelling of descending) is accepted and means sort=score&order=desc.
    sort: oneOf<LeadSort>(descending ? rawSort?.slice(1) : query.sort, 'sort', LEAD_SORTS),
    order: descending ? 'desc' : oneOf(query.order, 'order', ['asc', 'desc'] as const),
    limit: integer(query.limit, 'limit', 1, maxLimit) ?? 50,
    skip: integer(query.skip, 'skip', 0, 1_000_000) ?? 0,
  };
  return Object.fromEntries(Object.entries(lead).filter(([, v]) => v !== undefined)) as LeadQuery;
}

const CSV_COLUMNS = [
  'id', 'stage', 'score', 'temperature', 'name', 'email', 'phone', 'company', 'project', 'timeline',
  'motivation', 'budget', 'role', 'country', 'sector', 'companySize', 'channel', 'owner', 'createdAt', 'updatedAt',
] as const;

/** Spreadsheet apps execute cells starting with these characters as formulas (CSV injection). */
function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvRow(lead: Lead): string[] {
  const budget = lead.budget ? `${lead.budget.amount}${lead.budget.max ? `-${lead.budget.max}` : ''} ${lead.budget.currency}` : '';
  const cells = [
    lead._id, lead.stage, String(lead.score), lead.temperature, lead.name ?? '', lead.email ?? '', lead.phone ?? '',
    lead.company ?? '', lead.project?.label ?? lead.project?.text ?? '', lead.timeline?.bucket ?? '',
    lead.motivation?.category ?? '', budget, lead.role ?? '', lead.segment?.country ?? '', lead.segment?.sector ?? '',
    lead.segment?.companySize ?? '', lead.channel ?? '', lead.owner ?? '',
    new Date(lead.createdAt).toISOString(), new Date(lead.updatedAt).toISOString(),
  ];
  return cells.map(neutralise);
}

/** Lead ids are random URL-safe strings; anything else names no lead (and never reaches a query). */
export function leadId(req: Request): string {
  const id = single(req.params?.id, 'id');
  if (!id || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
  return id;
}

export function mountAdminApi(server: Server, deps: { leads: LeadRepository; authenticate: Authenticate; leadEvents?: LeadEvents }): Mounted {
  const guarded = guard(deps.authenticate);

  server.get('/api/leads', guarded(async (req, res) => {
    const query = parseLeadQuery(req.query ?? {});
    const page = await deps.leads.list(query);
    res.json({ items: page.items, total: page.total, limit: query.limit, skip: query.skip });
  }, { query: LEAD_QUERY_FIELDS }));

  server.get('/api/leads.csv', guarded(async (req, res) => {
    const query = { ...parseLeadQuery(req.query ?? {}, MAX_EXPORT), limit: integer(req.query?.limit, 'limit', 1, MAX_EXPORT) ?? MAX_EXPORT };
    const page = await deps.leads.list(query);
    const csv = stringify([[...CSV_COLUMNS], ...page.items.map(csvRow)]);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="leads.csv"');
    res.sendRaw(200, `\uFEFF${csv}`);
  }, { query: LEAD_QUERY_FIELDS }));

  server.get('/api/leads/:id', guarded(async (req, res) => {
    const lead = await deps.leads.get(leadId(req));
    if (!lead) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
    res.json(lead);
  }));

  // Right to erasure: the lead, its visitors' website events and their conversations.
  server.del('/api/leads/:id', guarded(async (req, res) => {
    const id = leadId(req);
    if (!(await deps.leads.remove(id))) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
    await deps.leadEvents?.emit(id, 'lead.erased');
    res.send(204);
  }, { role: 'admin' }));
  return ROUTES_ONLY;
}
