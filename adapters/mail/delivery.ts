/**
 * Delivers queued lead e-mails over SMTP (nodemailer) through the outbox worker: leases, retries
 * with exponential backoff on temporary failures (4xx replies, network), dead on a permanent
 * refusal (5xx). The lead is read at delivery time: an erased lead, or one without consent or
 * e-mail, is skipped. The Message-ID comes from the outbox key, so a repeat is recognisable.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Store } from '../../core/ports/store.js';
import type { OutboxItem } from '../../core/ports/repository.js';
import type { Logger } from '../../core/log.js';
import { PermanentError } from '../../bot/outbox/errors.js';
import { LEAD_MAIL_TOPIC, leadMailKey, type LeadMailPayload } from '../../bot/outbox/lead-mail.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../bot/outbox/worker.js';
import { renderMail } from './render.js';
import type { MailTemplates } from './templates.js';

export interface MailDeliveryOptions {
  store: Store;
  templates: () => MailTemplates;
  smtpUrl: string;
  from: string;
  logger: Logger;
  tuning?: Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'backoff' | 'maxAttempts' | 'leaseMs'>>;
}

const TIMEOUT_MS = 15_000;

type Transport = ReturnType<typeof nodemailer.createTransport>;

async function deliver(options: MailDeliveryOptions, transport: Transport, item: OutboxItem<LeadMailPayload>): Promise<unknown> {
  const { leadId, template: name } = item.payload;
  const lead = await options.store.leads.get(leadId);
  if (!lead) return { skipped: 'lead erased' };
  if (!lead.consent?.given) return { skipped: 'no consent' };
  if (!lead.email) return { skipped: 'no e-mail address' };
  const template = options.templates().get(name)?.[lead.locale ?? 'fr'];
  if (!template) throw new PermanentError(`no e-mail template "${name}" (config/mail/${name}.${lead.locale ?? 'fr'}.md)`);
  const mail = renderMail(template, lead.name);
  const domain = options.from.split('@').pop()?.replace(/[^\w.-]/g, '') || 'leadq.invalid';
  const messageId = `<${createHash('sha256').update(leadMailKey(leadId, name)).digest('hex').slice(0, 32)}@${domain}>`;
  try {
    const info = await transport.sendMail({ from: options.from, to: lead.email, subject: mail.subject, text: mail.text, html: mail.html, messageId });
    return { messageId: info.messageId, response: info.response };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // 5xx: the server refuses for good (bad address, policy); 4xx and network errors may heal.
    if (code !== undefined && code >= 500) throw new PermanentError(`SMTP refused the e-mail: ${(err as Error).message}`, { cause: err });
    throw err;
  }
}

export interface MailDelivery {
  /** Deliver now rather than at the next poll (right after an enqueue in this process). */
  wake(): void;
  stop(): Promise<void>;
}

export function startMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  const worker = new OutboxWorker<LeadMailPayload>({
    outbox: options.store.outbox,
    topics: [LEAD_MAIL_TOPIC],
    handler: (item) => deliver(options, transport, item),
    pollIntervalMs: 1_000,
    maxAttempts: 8,
    logger: options.logger,
    ...options.tuning,
  });
  worker.start();
  return {
    wake: () => worker.wake(),
    stop: async () => {
      await worker.stop();
      transport.close();
    },
  };
}
