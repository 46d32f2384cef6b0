/** The webhooks' dead-letter list (deliveries given up on) and replay; admin only. */
import type { Server } from 'restify';
import type { OutboxRepository } from '../../core/ports/repository.js';
import { LEAD_WEBHOOK_TOPIC, type LeadWebhookPayload } from '../../bot/outbox/lead-webhook.js';
import type { Authenticate } from './admin-auth.js';
import { guard } from './admin-route.js';
import { HttpError } from './errors.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

export function mountWebhooksApi(server: Server, deps: { outbox: OutboxRepository; authenticate: Authenticate }): Mounted {
  const guarded = guard(deps.authenticate);

  server.get('/api/webhooks/dead', guarded(async (_req, res) => {
    const items = await deps.outbox.listDead([LEAD_WEBHOOK_TOPIC]);
    res.json({
      items: items.map((item) => {
        const p = item.payload as LeadWebhookPayload;
        return { id: item._id, url: p.url, event: p.event, eventId: p.eventId, leadId: p.leadId, occurredAt: p.occurredAt, attempts: item.attempts, lastError: item.lastError ?? null };
      }),
    });
  }, { role: 'admin' }));

  server.post('/api/webhooks/dead/:id/replay', guarded(async (req, res) => {
    const id = req.params?.id;
    if (typeof id !== 'string' || !/^webhook:[A-Za-z0-9_.:-]{1,300}$/.test(id)) throw new HttpError(404, 'not_found', 'No dead webhook delivery with this id');
    if (!(await deps.outbox.replay(id))) throw new HttpError(404, 'not_found', 'No dead webhook delivery with this id');
    res.send(204);
  }, { role: 'admin' }));
  return ROUTES_ONLY;
}
