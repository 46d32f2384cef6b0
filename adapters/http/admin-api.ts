/**
 * Admin API (README, "HTTP surface"): leads, one lead, funnel, CSV export, and erasure of a lead (GDPR).
 * Every route needs `Authorization: Bearer $ADMIN_TOKEN`.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { stringify } from 'csv-stringify/sync';
import { STAGES, type Lead, type Stage } from '../../core/lead/model.js';
import { LEAD_QUERY_LIMITS, type LeadQuery, type LeadRepository } from '../../core/ports/repository.js';
import { HttpError, sendError } from './errors.js';

const MAX_PAGE = 200;
const MAX_EXPORT = 10_000;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function authorize(req: Request, adminToken: string | undefined): void {
  if (!adminToken) throw new HttpError(401, 'admin_disabled', 'The admin API is disabled: set ADMIN_TOKEN');
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  // Compare digests so the comparison time does not depend on the token's length or content.
  if (!match?.[1] || !timingSafeEqual(digest(match[1]), digest(adminToken))) {
    throw new HttpError(401, 'unauthorized', 'Missing or invalid bearer token');
  }
}

function single(value: unknown, name: string, maxLength = 256): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_query', `"${name}" must be given once, as text`);
  if (value.length > maxLength) throw new HttpError(400, 'invalid_query', `"${name}" is longer than ${maxLength} characters`);
  return value;
}

/** A filter given empty (`?q=`) is no filter. */
function filterValue(value: unknown, name: string, maxLength: number): string | undefined {
  const raw = single(value, name, maxLength)?.trim();
  return raw === '' ? undefined : raw;
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

export function parseLeadQuery(query: Record<string, unknown>, maxLimit = MAX_PAGE): LeadQuery {
  const stage = filterValue(query.stage, 'stage', 32);
  if (stage !== undefined && !STAGES.includes(stage as Stage)) {
    throw new HttpError(400, 'invalid_query', `"stage" must be one of ${STAGES.join(', ')}`);
  }
  const sort = filterValue(query.sort, 'sort', 32);
  if (sort !== undefined && !['updatedAt', 'score', 'createdAt'].includes(sort)) {
    throw new HttpError(400, 'invalid_query', '"sort" must be updatedAt, score or createdAt');
  }
  const email = filterValue(query.email, 'email', LEAD_QUERY_LIMITS.email);
  return {
    stage: stage as Stage | undefined,
    minScore: integer(query.minScore, 'minScore', 0, 100),
    email: email?.toLowerCase(),
    channel: filterValue(query.channel, 'channel', LEAD_QUERY_LIMITS.channel),
    text: filterValue(query.q, 'q', LEAD_QUERY_LIMITS.text),
    sort: sort as LeadQuery['sort'],
    limit: integer(query.limit, 'limit', 1, maxLimit) ?? 50,
    skip: integer(query.skip, 'skip', 0, 1_000_000) ?? 0,
  };
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
function leadId(req: Request): string {
  const id = single(req.params?.id, 'id');
  if (!id || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
  return id;
}

type Handler = (req: Request, res: Response) => Promise<void>;

export function mountAdminApi(server: Server, deps: { leads: LeadRepository; adminToken: string | undefined }): void {
  const guarded = (handler: Handler): Handler => async (req, res) => {
    // Lead data must not stay in browser or proxy caches.
    res.header('Cache-Control', 'no-store');
    try {
      authorize(req, deps.adminToken);
      await handler(req, res);
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) res.header('WWW-Authenticate', 'Bearer');
      sendError(res, err);
    }
  };

  server.get('/api/leads', guarded(async (req, res) => {
    const query = parseLeadQuery(req.query ?? {});
    const page = await deps.leads.list(query);
    res.json({ items: page.items, total: page.total, limit: query.limit, skip: query.skip });
  }));

  server.get('/api/leads.csv', guarded(async (req, res) => {
    const query = { ...parseLeadQuery(req.query ?? {}, MAX_EXPORT), limit: integer(req.query?.limit, 'limit', 1, MAX_EXPORT) ?? MAX_EXPORT };
    const page = await deps.leads.list(query);
    const csv = stringify([[...CSV_COLUMNS], ...page.items.map(csvRow)]);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="leads.csv"');
    res.sendRaw(200, `\uFEFF${csv}`);
  }));

  server.get('/api/leads/:id', guarded(async (req, res) => {
    const lead = await deps.leads.get(leadId(req));
    if (!lead) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
    res.json(lead);
  }));

  // Right to erasure: the lead, its visitors' website events and their conversations.
  server.del('/api/leads/:id', guarded(async (req, res) => {
    if (!(await deps.leads.remove(leadId(req)))) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
    res.send(204);
  }));

  server.get('/api/funnel', guarded(async (_req, res) => {
    const counts = await deps.leads.funnel();
    const captured = counts.mcl + counts.mql + counts.sql + counts.rejected;
    const qualified = counts.mql + counts.sql;
    const rate = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 1000) / 10);
    res.json({
      stages: counts,
      conversion: {
        visitorToMcl: rate(captured, captured + counts.visitor),
        mclToMql: rate(qualified, captured),
        mqlToSql: rate(counts.sql, qualified),
      },
    });
  }));
}
