/**
 * For bot designers: the dialog scripts as flows (`GET /api/dialogs/flows`) and, per question,
 * how many visitors reached it, answered, skipped, were re-asked or left there
 * (`GET /api/dialogs/dropoff?from=&to=`), counted from the stored transcripts.
 */
import type { Server } from 'restify';
import type { TranscriptRepository } from '../../bot/lead/repository.js';
import { dropoffReport } from '../../bot/reports/dropoff.js';
import { flowOutline } from '../../bot/reports/flow-outline.js';
import type { ScriptSet } from '../../dialogs/engine/model.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { periodOf } from './period.js';

export const DROPOFF_QUERY_FIELDS = ['from', 'to'] as const;

export function mountDialogsApi(server: Server, deps: { scripts: () => ScriptSet; transcripts: TranscriptRepository; authenticate: Authenticate; now?: () => Date }): void {
  const guarded = guard(deps.authenticate);
  const now = deps.now ?? (() => new Date());

  server.get('/api/dialogs/flows', guarded(async (_req, res) => {
    res.json({ version: deps.scripts().version, flows: flowOutline(deps.scripts()) });
  }));

  server.get('/api/dialogs/dropoff', guarded(async (req, res) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const { from, to } = periodOf(query, now());
    const skip = [...new Set([...deps.scripts().commands.values()].flatMap((c) => c.skip))];
    const report = dropoffReport(await deps.transcripts.between(from, to), skip);
    res.json({ from: from.toISOString(), to: to.toISOString(), ...report });
  }, { query: DROPOFF_QUERY_FIELDS }));
}
