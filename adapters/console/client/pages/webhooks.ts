/** Webhook deliveries given up on (dead letters), each with a Replay button; admin only. */
import { api, ApiError } from '../api.js';
import { clear, fmtDate, h } from '../dom.js';

interface DeadLetter {
  id: string;
  url: string;
  event: string;
  leadId: string;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
}

export async function renderWebhooks(root: HTMLElement): Promise<void> {
  const { items } = await api.get<{ items: DeadLetter[] }>('/api/webhooks/dead');
  const message = h('p', { class: 'error', role: 'alert' });
  clear(root,
    h('h1', {}, 'Webhooks'),
    h('p', {}, 'Deliveries to the CRM endpoints that failed on every attempt. Fix the endpoint, then replay them.'),
    message,
    items.length === 0
      ? h('p', { id: 'no-dead-letters' }, 'No failed deliveries.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'dead-letters' },
        h('thead', {}, h('tr', {}, ['Event', 'Lead', 'Endpoint', 'Occurred', 'Attempts', 'Last error', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, items.map((item) => h('tr', {},
          h('td', {}, item.event),
          h('td', {}, item.event === 'lead.erased' ? item.leadId : h('a', { href: `/console/leads/${encodeURIComponent(item.leadId)}` }, item.leadId)),
          h('td', {}, item.url),
          h('td', {}, fmtDate(item.occurredAt)),
          h('td', { class: 'num' }, String(item.attempts)),
          h('td', {}, item.lastError ?? ''),
          h('td', {}, h('button', { type: 'button', onclick: () => {
            api.post(`/api/webhooks/dead/${encodeURIComponent(item.id)}/replay`).then(() => renderWebhooks(root), (err: unknown) => {
              message.textContent = err instanceof ApiError ? err.message : String(err);
            });
          } }, 'Replay'))))))));
}
