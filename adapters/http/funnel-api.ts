/**
 * `GET /api/funnel?from=&to=&groupBy=`: the lead count per stage (as it always answered) plus the
 * period's funnel — conversations (from transcripts) → MCL → MQL → SQL — its rates, optional
 * groups, score distribution and median time to qualify (bot/reports/funnel.ts).
 */
import type { Server } from 'restify';
import { STAGES, type Stage } from '../../core/lead/model.js';
import type { LeadRepository, TranscriptRepository } from '../../core/ports/repository.js';
import { FUNNEL_GROUPS, funnelReport, rate, type FunnelGroup } from '../../bot/reports/funnel.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { HttpError } from './errors.js';
import { periodOf } from './period.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

export const FUNNEL_QUERY_FIELDS = ['from', 'to', 'groupBy'] as const;

export function mountFunnelApi(server: Server, deps: { leads: LeadRepository; transcripts: TranscriptRepository; authenticate: Authenticate; now?: () => Date }): Mounted {
  const now = deps.now ?? (() => new Date());
  server.get('/api/funnel', guard(deps.authenticate)(async (req, res) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const { from: start, to: end } = periodOf(query, now());
    const groupBy = query.groupBy;
    if (groupBy !== undefined && (typeof groupBy !== 'string' || !FUNNEL_GROUPS.includes(groupBy as FunnelGroup))) {
      throw new HttpError(400, 'invalid_query', `"groupBy" must be one of ${FUNNEL_GROUPS.join(', ')}`);
    }

    const [counts, report] = await Promise.all([deps.leads.funnel(), funnelReport(deps, { from: start, to: end, ...(groupBy ? { groupBy: groupBy as FunnelGroup } : {}) })]);
    // `stages` and `conversion`: all-time counts, the answer this route gave before periods existed.
    const captured = counts.mcl + counts.mql + counts.sql + counts.rejected;
    const qualified = counts.mql + counts.sql;
    res.json({
      stages: Object.fromEntries(STAGES.map((s) => [s, counts[s]])) as Record<Stage, number>,
      conversion: { visitorToMcl: rate(captured, captured + counts.visitor), mclToMql: rate(qualified, captured), mqlToSql: rate(counts.sql, qualified) },
      ...report,
    });
  }, { query: FUNNEL_QUERY_FIELDS }));
  return ROUTES_ONLY;
}
