/**
 * For bot designers: the dialog scripts as flows (`GET /api/dialogs/flows`) and, per question,
 * how many visitors reached it, answered, skipped, were re-asked or left there
 * (`GET /api/dialogs/dropoff?from=&to=`), over the conversations started in the period, counted
 * by the store from its conversation summaries (data/repositories/conversation-summaries.ts).
 */
import type { Server } from 'restify';
import type { TranscriptRepository } from '../../core/ports/repository.js';
import { dropoffFromCounts } from '../../bot/reports/dropoff.js';
import type { FlowOutline } from '../../bot/reports/flow-outline.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { periodOf } from './period.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

export const DROPOFF_QUERY_FIELDS = ['from', 'to'] as const;

export interface DialogsApiDeps {
  /** The scripts running now (they reload when edited), as flows. */
  flows: () => FlowOutline[];
  transcripts: TranscriptRepository;
  authenticate: Authenticate;
  now?: () => Date;
}

export function mountDialogsApi(server: Server, deps: DialogsApiDeps): Mounted {
  const guarded = guard(deps.authenticate);
  const now = deps.now ?? (() => new Date());

  server.get('/api/dialogs/flows', guarded(async (_req, res) => {
    res.json({ flows: deps.flows() });
  }));

  server.get('/api/dialogs/dropoff', guarded(async (req, res) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const { from, to } = periodOf(query, now());
    const counts = await deps.transcripts.dropoffCounts(from, to);
    const report = dropoffFromCounts(counts.conversations, counts.steps, new Map(counts.left.map((l) => [l.slot, l.conversations])));
    res.json({ from: from.toISOString(), to: to.toISOString(), ...report });
  }, { query: DROPOFF_QUERY_FIELDS }));
  return ROUTES_ONLY;
}
