/**
 * Composition root: store, dialog scripts, scoring, the bot, and every channel on one restify
 * server. Thin on purpose — each part is built and tested on its own.
 */
import type { Server } from 'restify';
import { ScriptRunner } from '../dialogs/engine/runner.js';
import { mountMessagesEndpoint } from '../adapters/botframework/messages-endpoint.js';
import { mountAdminApi } from '../adapters/http/admin-api.js';
import { mountDialogsApi } from '../adapters/http/dialogs-api.js';
import { mountFunnelApi } from '../adapters/http/funnel-api.js';
import { mountLeadActionsApi } from '../adapters/http/lead-actions-api.js';
import { mountOpenApi } from '../adapters/http/openapi.js';
import { mountWebhooksApi } from '../adapters/http/webhooks-api.js';
import { startWebhookDelivery } from '../adapters/webhooks/delivery.js';
import type { MailDelivery } from '../adapters/mail/delivery.js';
import { leadEvents as createLeadEvents } from './outbox/lead-webhook.js';
import { mountConsole } from '../adapters/console/index.js';
import { loadConsoleUsers } from '../adapters/console/users.js';
import { MountedParts } from '../adapters/http/mounted.js';
import { createHttpServer, LISTEN_BACKLOG, mountHealth, mountReadiness } from '../adapters/http/server.js';
import { mountDemoSite, mountWebChannel } from '../adapters/web/index.js';
import type { SlackDeps } from '../adapters/slack/index.js';
import { SLACK_DISABLED_MESSAGE, slackConfigFromEnv } from '../adapters/slack/config.js';
import { openStore } from '../data/open-store.js';
import type { AppConfig } from './config.js';
import { HandoffService } from './handoff/handoff-service.js';
import { HandoffSessions } from './handoff/sessions.js';
import { loadTeamConfig, TeamAvailability } from './handoff/team-availability.js';
import { HANDOFF_TIMEOUT_TOPIC } from './handoff/topics.js';
import { LeadService } from './lead/lead-service.js';
import type { Store } from '../core/ports/store.js';
import { createLogger } from '../core/log.js';
import { editedFiles } from './edited-files/files.js';
import { watchEditedFile } from './edited-files/watch.js';
import { catalogueLabel, loadMotivationModel, loadPhraseTables, useCatalogue } from './nlu/qualification/index.js';
import { extractors } from './nlu/registry.js';
import { loadVagueModel } from './nlu/timeline/vague-model.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox/worker.js';
import { QualifierBot } from './qualifier-bot.js';
import { flowOutline } from './reports/flow-outline.js';
import { skipReplyMatcher } from './reports/skip-replies.js';
import { scoreLead } from './scoring/index.js';
import { VersionedConversationState } from './turn/conversation-state.js';
import { ScriptConversation } from './turn/script-conversation.js';
import { TranscriptRecorder } from './turn/transcript-recorder.js';
import { TurnQueue } from './turn/turn-queue.js';

export interface App {
  readonly server: Server;
  readonly store: Store;
  readonly bot: QualifierBot;
  /** Resolves with the bound URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface AppOverrides {
  now?: () => Date;
  /** Tuning for Slack alert delivery (tests). */
  slack?: Pick<SlackDeps, 'alertWorker' | 'reconcileIntervalMs'>;
  /** How often the hand-off timeout worker looks for due items (tests; default 1 s). */
  handoffPollIntervalMs?: number;
  /** Webhook delivery tuning (tests). */
  webhooks?: Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'backoff' | 'maxAttempts'>>;
  /** E-mail delivery tuning (tests). */
  mail?: Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'backoff' | 'maxAttempts'>>;
}

const log = createLogger('app');


export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  // Load everything that can be wrong in a config file before touching the store.
  const files = editedFiles(config);
  let rules = await files.scoring.load();
  const catalogue = await files.catalogue.load();
  useCatalogue(catalogue);
  loadPhraseTables();
  loadMotivationModel();
  loadVagueModel();
  const scripts = await files.scripts.load();
  const webConfig = await files.widget.load();
  let mailTemplates = await files.mail.load();
  const consoleUsers = config.console.usersFile ? await loadConsoleUsers(config.console.usersFile) : [];
  const team = new TeamAvailability(loadTeamConfig(config.teamFile));

  let currentScripts = scripts;
  let isSkip = skipReplyMatcher(scripts);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous, dbName: config.mongodbDb, retention: config.retention, logger: createLogger('store'), isSkipReply: (text) => isSkip(text) });
  const state = new VersionedConversationState(store.conversations);
  const runner = new ScriptRunner(scripts);
  const leadEvents = createLeadEvents(store.outbox, config.webhooks.urls, overrides.now);
  let mailDelivery: MailDelivery | undefined;
  const leads = new LeadService({
    leadEvents,
    leads: store.leads,
    outbox: store.outbox,
    events: store.events,
    scorer: () => (lead) => scoreLead(lead, rules, { project: (id) => catalogueLabel(id, rules.language ?? 'en') }),
    alertHotCaptured: config.env.SLACK_ALERT_HOT_CAPTURED === 'true',
    onMailQueued: () => mailDelivery?.wake(),
    ...(overrides.now && { now: overrides.now }),
  });
  const handoff = new HandoffService({
    sessions: new HandoffSessions(store.handoffSessions),
    leads: store.leads,
    leadEvents,
    outbox: store.outbox,
    team,
    logger: createLogger('handoff'),
    ...(overrides.now && { now: overrides.now }),
  });
  const bot = new QualifierBot({
    state,
    conversation: new ScriptConversation(state, runner, config.mainScript),
    leads,
    extractors,
    defaultLocale: config.defaultLocale,
    defaultCountry: config.defaultCountry,
    transcripts: new TranscriptRecorder(store.transcripts, createLogger('transcripts')),
    mailEnabled: config.mail !== undefined,
    handoff,
    ...(overrides.now && { now: overrides.now }),
  });

  // One queue for every channel: turns of a conversation run in arrival order; close() drains it.
  const turns = new TurnQueue();
  const server = createHttpServer();
  // Every channel and API is mounted the same way and closed in reverse order (then the queue drains, the server and the store close).
  const parts = new MountedParts();
  parts.add(mountHealth(server, store));
  parts.add(mountMessagesEndpoint(server, { bot, turns, env: config.env, maxBytes: config.maxActivityBytes, log: createLogger('botframework'), owners: store.conversationOwners }));
  const consoleSite = parts.add(mountConsole(server, {
    adminToken: config.adminToken,
    users: consoleUsers,
    sessionSecret: config.console.sessionSecret,
    sessionTtlMs: config.console.sessionHours * 3600_000,
    publicUrl: config.publicUrl,
    signInPerMinute: config.console.signInPerMinute,
    language: rules.language ?? 'en',
  }));
  const { authenticate } = consoleSite;
  parts.add(mountAdminApi(server, { leads: store.leads, authenticate, leadEvents }));
  parts.add(mountWebhooksApi(server, { outbox: store.outbox, authenticate }));
  parts.add(mountFunnelApi(server, { leads: store.leads, transcripts: store.transcripts, authenticate, ...(overrides.now && { now: overrides.now }) }));
  parts.add(mountOpenApi(server, config.publicUrl));
  parts.add(mountDialogsApi(server, {
    flows: () => flowOutline(currentScripts),
    transcripts: store.transcripts,
    authenticate,
    ...(overrides.now && { now: overrides.now }),
  }));
  parts.add(mountLeadActionsApi(server, { leads: store.leads, transcripts: store.transcripts, events: store.events, authenticate, leadEvents, ...(overrides.now && { now: overrides.now }) }));
  const web = parts.add(mountWebChannel(server, {
    bot,
    turns,
    store,
    config: webConfig,
    ...(config.mongodbUri && { mongodb: { uri: config.mongodbUri, dbName: config.mongodbDb } }),
    ...(config.webStreamsPerIp && { streamsPerIp: config.webStreamsPerIp }),
    onBehaviour: async (visitorId) => {
      await leads.rescore(visitorId);
    },
  }));
  handoff.registerChannel('web', web.handoff);
  parts.add(mountDemoSite(server));
  // NLU models and edited files are loaded above, before the server listens: only the store and the widget bundle can lag.
  parts.add(mountReadiness(server, { store: () => store.ping(), widget: () => web.isReady() }));
  // Bolt and its Web API client weigh about 1 s and 30 MB at start: loaded only when Slack is configured.
  const slackConfig = slackConfigFromEnv(config.env);
  if (!slackConfig) log.info(SLACK_DISABLED_MESSAGE);
  const slack = slackConfig
    ? (await import('../adapters/slack/index.js')).mountSlack(server, {
        bot,
        turns,
        store,
        config: slackConfig,
        publicUrl: config.publicUrl,
        language: rules.language ?? 'en',
        handoff,
        ...overrides.slack,
      })
    : null;
  if (slack) parts.add(slack);
  // Due-time items in the shared outbox, not timers: a restart or another replica still fires them.
  const handoffTimeouts = new OutboxWorker({
    outbox: store.outbox,
    topics: [HANDOFF_TIMEOUT_TOPIC],
    handler: (item) => handoff.onJoinTimeout(item),
    pollIntervalMs: overrides.handoffPollIntervalMs ?? 1_000,
    logger: createLogger('handoff'),
  });
  handoffTimeouts.start();
  parts.add({ close: () => handoffTimeouts.stop() });

  const webhookWorker = config.webhooks.urls.length > 0
    ? startWebhookDelivery({ store, secret: config.webhooks.secret!, logger: createLogger('webhooks'), ...(overrides.now && { now: overrides.now }), ...(overrides.webhooks && { tuning: overrides.webhooks }) })
    : undefined;
  if (webhookWorker) parts.add({ close: () => webhookWorker.stop() });

  if (config.mail) {
    // nodemailer is loaded only when SMTP is configured, as Bolt is only for Slack.
    const { startMailDelivery } = await import('../adapters/mail/delivery.js');
    const delivery = startMailDelivery({ store, templates: () => mailTemplates, ...config.mail, logger: createLogger('mail'), ...(overrides.mail && { tuning: overrides.mail }) });
    mailDelivery = delivery;
    parts.add({ close: () => delivery.stop() });
  }

  const watchers = config.watchFiles
    ? [
        watchEditedFile({ ...files.scripts, apply: (next) => {
          runner.setScripts(next);
          currentScripts = next;
          isSkip = skipReplyMatcher(next);
        } }, scripts, log),
        watchEditedFile({ ...files.scoring, apply: (next) => (rules = next) }, rules, log),
        watchEditedFile({ ...files.catalogue, apply: useCatalogue }, catalogue, log),
        watchEditedFile({ ...files.widget, apply: (next) => web.setConfig(next) }, webConfig, log),
        watchEditedFile({ ...files.mail, apply: (next) => (mailTemplates = next) }, mailTemplates, log),
      ]
    : [];

  return {
    server,
    store,
    bot,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, LISTEN_BACKLOG, () => resolve(server.url.replace('[::]', 'localhost').replace('0.0.0.0', 'localhost')));
      }),
    close: async () => {
      for (const watcher of watchers) watcher.close();
      await parts.close();
      await turns.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
