/**
 * Safety net for the alert trigger: the lifecycle saves the lead, then enqueues its alert; a crash
 * in between would lose the alert. This periodically enqueues alerts for recently qualified (and,
 * when wanted, hot captured) leads. Enqueue is idempotent on the alert key, so re-running is free.
 */
import type { Lead } from '../../core/lead/model.js';
import type { LeadQuery, LeadRepository, OutboxRepository } from '../../core/ports/repository.js';
import { createLogger, type Logger } from '../../core/log.js';
import { enqueueLeadAlert, type LeadAlertEvent } from './lead-alert.js';

export interface LeadAlertReconcilerOptions {
  leads: LeadRepository;
  outbox: OutboxRepository;
  /** Which alerts to reconcile (only those someone delivers). */
  events: readonly LeadAlertEvent[];
  /** How far back to look: longer than any plausible downtime. */
  lookbackMs?: number;
  intervalMs?: number;
  logger?: Logger;
}

const PAGE = 200;

/** Which leads should have had an alert of this event. */
const ALERT_SOURCES: Record<LeadAlertEvent, { query: LeadQuery; wants: (lead: Lead) => boolean }> = {
  qualified: { query: { stage: 'mql' }, wants: () => true },
  'captured-hot': { query: { stage: 'mcl' }, wants: (lead) => lead.temperature === 'hot' },
};

export class LeadAlertReconciler {
  private readonly lookbackMs: number;
  private readonly intervalMs: number;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: LeadAlertReconcilerOptions) {
    this.lookbackMs = options.lookbackMs ?? 24 * 60 * 60_000;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.log = options.logger ?? createLogger('lead-alert-reconciler');
  }

  /** Run once now, then every intervalMs (never two runs at once). */
  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      if (this.running) return;
      this.running = this.reconcileOnce()
        .catch((err: unknown) => {
          this.log.error({ err }, 'lead alert reconciliation failed');
          return 0;
        })
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Returns how many alerts were missing and have now been enqueued. */
  async reconcileOnce(now: Date = new Date()): Promise<number> {
    const updatedSince = new Date(now.getTime() - this.lookbackMs);
    let enqueued = 0;
    for (const event of this.options.events) {
      const source = ALERT_SOURCES[event];
      for (let skip = 0; ; skip += PAGE) {
        const { items } = await this.options.leads.list({ ...source.query, updatedSince, sort: 'updatedAt', limit: PAGE, skip });
        for (const lead of items.filter(source.wants)) {
          if (await enqueueLeadAlert(this.options.outbox, lead._id, event, stageReachedAt(lead))) enqueued += 1;
        }
        if (items.length < PAGE) break;
      }
    }
    if (enqueued > 0) this.log.warn({ enqueued }, 'enqueued lead alerts that the lifecycle had not');
    return enqueued;
  }
}

function stageReachedAt(lead: Lead): Date {
  const entry = [...lead.history].reverse().find((h) => h.stage === lead.stage);
  return entry ? new Date(entry.at) : new Date(lead.updatedAt);
}
