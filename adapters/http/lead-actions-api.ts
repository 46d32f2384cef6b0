/**
 * What sales and the console do to one lead: move it to SQL or rejected (with a reason), assign
 * an owner, add a note, read its transcript from every channel, and export everything held about
 * the person (right of access). Erasure is `DELETE /api/leads/:id` (admin-api.ts).
 */
import type { Request, Server } from 'restify';
import type { Lead, Stage } from '../../core/lead/model.js';
import type { EventRepository, LeadRepository, TranscriptRepository } from '../../core/ports/repository.js';
import type { LeadEvents } from '../../bot/outbox/lead-webhook.js';
import { leadId } from './admin-api.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { checkBody } from './admin-schemas.js';
import { readJsonObject } from './body.js';
import { HttpError } from './errors.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

const BODY_LIMIT = 16 * 1024;
const SALES_STAGES: readonly Stage[] = ['sql', 'rejected'];
/** Sales decides on leads not decided yet (as the Slack buttons do); an admin may reopen one to MQL. */
const OPEN: readonly Stage[] = ['visitor', 'mcl', 'mql'];

export interface LeadActionsDeps {
  leads: LeadRepository;
  transcripts: TranscriptRepository;
  events: EventRepository;
  authenticate: Authenticate;
  /** CRM hand-off: every change here is a `lead.updated`. */
  leadEvents?: LeadEvents;
  now?: () => Date;
}

async function existing(leads: LeadRepository, req: Request): Promise<Lead> {
  const lead = await leads.get(leadId(req));
  if (!lead) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
  return lead;
}

export function mountLeadActionsApi(server: Server, deps: LeadActionsDeps): Mounted {
  const guarded = guard(deps.authenticate);
  const now = deps.now ?? (() => new Date());

  server.post('/api/leads/:id/stage', guarded(async (req, res, who) => {
    const { stage, reason: said } = checkBody<{ stage: Stage; reason?: string }>('StageChange', await readJsonObject(req, BODY_LIMIT));
    if (!SALES_STAGES.includes(stage) && who.role !== 'admin') throw new HttpError(403, 'forbidden', `Only an admin may move a lead back to ${stage}`);
    const reason = said?.trim() || undefined;
    if (stage === 'rejected' && !reason) throw new HttpError(400, 'invalid_body', 'A rejection needs a "reason"');
    const lead = await existing(deps.leads, req);
    const from: readonly Stage[] = stage === 'mql' ? ['sql', 'rejected'] : OPEN;
    const moved = await deps.leads.changeStage(lead._id, { to: stage, from, by: who.name, ...(reason ? { reason } : {}) });
    if (!moved) throw new HttpError(409, 'stage_conflict', `A lead in stage ${lead.stage} cannot move to ${stage}`);
    await deps.leadEvents?.emit(moved._id, 'lead.updated');
    res.json(moved);
  }));

  server.put('/api/leads/:id/owner', guarded(async (req, res) => {
    const { owner: given } = checkBody<{ owner: string | null }>('OwnerChange', await readJsonObject(req, BODY_LIMIT));
    const owner = given === null || given.trim() === '' ? null : given.trim();
    const lead = await deps.leads.assign((await existing(deps.leads, req))._id, owner);
    if (!lead) throw new HttpError(404, 'lead_not_found', 'No lead with this id');
    await deps.leadEvents?.emit(lead._id, 'lead.updated');
    res.json(lead);
  }));

  server.post('/api/leads/:id/notes', guarded(async (req, res, who) => {
    const note = checkBody<{ text: string }>('Note', await readJsonObject(req, BODY_LIMIT)).text.trim();
    if (note === '') throw new HttpError(400, 'invalid_body', '"text" must not be blank');
    const lead = await deps.leads.addNote((await existing(deps.leads, req))._id, { text: note, by: who.name, at: now() });
    if (!lead) throw new HttpError(409, 'too_many_notes', 'This lead has reached the maximum number of notes');
    await deps.leadEvents?.emit(lead._id, 'lead.updated');
    res.json(lead);
  }));

  server.get('/api/leads/:id/transcript', guarded(async (req, res) => {
    const lead = await existing(deps.leads, req);
    res.json({ items: await deps.transcripts.listByVisitor(lead.visitorIds) });
  }));

  // Right of access: everything held about the person, as one JSON file.
  server.get('/api/leads/:id/export', guarded(async (req, res) => {
    const lead = await existing(deps.leads, req);
    const [transcript, events] = await Promise.all([deps.transcripts.listByVisitor(lead.visitorIds), deps.events.listByVisitor(lead.visitorIds, 10_000)]);
    res.setHeader('Content-Disposition', `attachment; filename="lead-${lead._id}.json"`);
    res.json({ exportedAt: now().toISOString(), lead, transcript, events });
  }, { role: 'admin' }));
  return ROUTES_ONLY;
}
