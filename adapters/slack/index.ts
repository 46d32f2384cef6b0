/**
 * Slack for leadq: sales alerts (through the outbox), Claim/Accept/Reject, `/leads`, and Slack as
 * a conversation channel. Optional: without credentials the bot runs without Slack.
 */
import { App, webApi } from '@slack/bolt';
import type { HandoffService } from '../../bot/handoff/handoff-service.js';
import { HANDOFF_SLACK_TOPICS } from '../../bot/handoff/topics.js';
import type { Server } from 'restify';
import type { Store } from '../../core/ports/store.js';
import { createLogger, type Logger } from '../../core/log.js';
import { LeadAlertReconciler } from '../../bot/outbox/lead-alert-reconciler.js';
import type { LeadAlertEvent } from '../../bot/outbox/lead-alert.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../bot/outbox/worker.js';
import { ALERT_DELIVERY_TOPICS, alertDeliveryHandler } from './alert-delivery.js';
import { boltLogger } from './bolt-logger.js';
import { SLACK_DISABLED_MESSAGE, type SlackConfig } from './config.js';
import type { TurnBot } from '../../bot/turn/turn-bot.js';
import type { Mounted } from '../http/mounted.js';
import type { TurnQueue } from '../../bot/turn/turn-queue.js';
import { SlackConversations } from './conversation.js';
import { BotThreads } from './bot-threads.js';
import { SlackEventLedger } from './event-ledger.js';
import { registerHandoffActions } from './handoff-actions.js';
import { handoffDeliveryHandler } from './handoff-delivery.js';
import { registerLeadActions } from './lead-actions.js';
import { registerLeadsCommand } from './leads-command.js';
import { RestifyReceiver } from './restify-receiver.js';
import { RepRouter } from './routing.js';
import { SlackHandoffChannel } from './slack-handoff-channel.js';
import type { TeamLanguage } from './alert-message.js';

export { slackConfigFromEnv, type SlackConfig, type SlackRouting, type SegmentRoute } from './config.js';
export { SLACK_EVENTS_PATH } from './restify-receiver.js';
export { ALERT_DELIVERY_TOPICS, LEAD_RENOTIFY_TOPIC, type AlertDelivery } from './alert-delivery.js';

export type AlertWorkerTuning = Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'leaseMs' | 'concurrency' | 'backoff' | 'maxAttempts'>>;

export interface SlackDeps {
  /** Only run(): a failed Slack turn is answered 500 and Slack redelivers it, so no failure reply is sent. */
  bot: Pick<TurnBot, 'run'>;
  /** The turn queue shared by every channel (one is made when not given). */
  turns?: TurnQueue;
  store: Store;
  /** From slackConfigFromEnv: null when Slack is not configured. */
  config: SlackConfig | null;
  /** Base URL of this server, for the lead links in alerts. */
  publicUrl?: string;
  /** The team's language for alerts: that of the score reasons (`language:` in the scoring rules). */
  language?: TeamLanguage;
  /** Alert delivery tuning (tests, benches); production defaults otherwise. */
  alertWorker?: AlertWorkerTuning;
  /** How often the reconciler looks for qualified leads without an alert. */
  reconcileIntervalMs?: number;
  /** Lease of an inbound event's turn before a Slack retry may take it over (tests; default 30 s). */
  eventLeaseMs?: number;
  /** Live hand-off: Join/Leave on alerts, the rep's thread relayed to the visitor (and Slack visitors reached in their DM). */
  handoff?: HandoffService;
  logger?: Logger;
}

/** Null when Slack is not configured (nothing mounted). */
export function mountSlack(server: Server, deps: SlackDeps): Mounted | null {
  const log = deps.logger ?? createLogger('slack');
  const config = deps.config;
  if (!config) {
    log.info(SLACK_DISABLED_MESSAGE);
    return null;
  }
  const clientOptions = { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes };
  const receiver = config.socketMode
    ? null
    : new RestifyReceiver({
        signingSecret: config.signingSecret,
        events: new SlackEventLedger(deps.store.slackEvents, log, deps.eventLeaseMs ? { leaseMs: deps.eventLeaseMs } : {}),
        logger: log,
      });
  const app = new App({
    token: config.botToken,
    logger: boltLogger(log),
    clientOptions,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken, signingSecret: config.signingSecret }),
  });
  receiver?.mount(server);

  const conversations = new SlackConversations({ bot: deps.bot, client: app.client, threads: new BotThreads(deps.store.slackThreads), logger: log, ...(deps.turns && { turns: deps.turns }) });
  conversations.register(app);
  if (deps.handoff) {
    registerHandoffActions(app, { handoff: deps.handoff, logger: log });
    deps.handoff.registerChannel('slack', new SlackHandoffChannel(app.client, conversations, deps.store.transcripts));
  }
  registerLeadActions(app, { store: deps.store, logger: log, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}), ...(deps.language ? { language: deps.language } : {}) });
  registerLeadsCommand(app, {
    store: deps.store,
    client: app.client,
    ...(config.salesChannel ? { salesChannel: config.salesChannel } : {}),
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
  });
  app.error(async (err) => {
    log.error({ err }, 'slack listener failed');
    // Up to the receiver: an event whose turn failed is answered 500, so Slack retries it.
    throw err;
  });

  const delivery = config.salesChannel ? startAlertDelivery(deps, config, config.salesChannel, log) : null;
  if (!delivery) log.warn('Slack alerts disabled: SLACK_SALES_CHANNEL is not set');
  else deps.handoff?.enableRepAlerts();
  if (config.socketMode) {
    app.start().then(
      () => log.info('Slack connected in Socket Mode'),
      (err: unknown) => log.error({ err }, 'Slack Socket Mode failed to start'),
    );
  }
  log.info({ socketMode: config.socketMode, alerts: Boolean(delivery) }, 'Slack enabled');

  return {
    async close() {
      await delivery?.stop();
      await app.stop();
    },
  };
}

function startAlertDelivery(deps: SlackDeps, config: SlackConfig, salesChannel: string, log: Logger): { stop(): Promise<void> } {
  // A client of its own: no hidden retries (the outbox retries, durably) and 429 surfaces as an error.
  const client = new webApi.WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: boltLogger(log),
  });
  const alerts = alertDeliveryHandler({
    store: deps.store,
    client,
    config,
    salesChannel,
    router: new RepRouter(config.routing, deps.store.routing),
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    ...(deps.language ? { language: deps.language } : {}),
  });
  const handoffPosts = handoffDeliveryHandler({
    store: deps.store,
    client,
    salesChannel,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    ...(deps.language ? { language: deps.language } : {}),
  });
  const handoffTopics: readonly string[] = deps.handoff ? HANDOFF_SLACK_TOPICS : [];
  const worker = new OutboxWorker({
    outbox: deps.store.outbox,
    topics: [...ALERT_DELIVERY_TOPICS, ...handoffTopics],
    handler: (item, context) => (handoffTopics.includes(item.topic) ? handoffPosts(item, context) : alerts(item, context)),
    pollIntervalMs: 500,
    concurrency: 2,
    logger: log,
    ...deps.alertWorker,
  });
  const events: LeadAlertEvent[] = config.alertHotCaptured ? ['qualified', 'captured-hot'] : ['qualified'];
  const reconciler = new LeadAlertReconciler({
    leads: deps.store.leads,
    outbox: deps.store.outbox,
    events,
    logger: log,
    ...(deps.reconcileIntervalMs ? { intervalMs: deps.reconcileIntervalMs } : {}),
  });
  worker.start();
  reconciler.start();
  return {
    async stop() {
      await reconciler.stop();
      await worker.stop();
    },
  };
}
