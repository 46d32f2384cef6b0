/**
 * Composition root: store, dialog scripts, scoring, the bot, and every channel on one restify
 * server. Thin on purpose — each part is built and tested on its own.
 */
import type { Server } from 'restify';
import { createScriptDialogSet } from '../dialogs/compiler/script-dialog.js';
import { loadScriptDir } from '../dialogs/engine/loader.js';
import { formatScriptError } from '../dialogs/engine/script-error.js';
import { watchScripts } from '../dialogs/engine/watch.js';
import { mountMessagesEndpoint } from '../adapters/botframework/messages-endpoint.js';
import { mountAdminApi } from '../adapters/http/admin-api.js';
import { createHttpServer, mountHealth } from '../adapters/http/server.js';
import { loadWebChannelConfig, mountDemoSite, mountWebChannel } from '../adapters/web/index.js';
import { mountSlack, slackConfigFromEnv, type SlackDeps } from '../adapters/slack/index.js';
import { openStore } from '../data/open-store.js';
import type { AppConfig } from './config.js';
import { LeadService } from './lead/lead-service.js';
import type { Store } from '../core/ports/store.js';
import { createLogger } from '../core/log.js';
import { loadCatalogue, loadMotivationModel } from './nlu/qualification/index.js';
import { extractors } from './nlu/registry.js';
import { loadVagueModel } from './nlu/timeline/vague-model.js';
import { QualifierBot } from './qualifier-bot.js';
import { loadScoringRules, scoreLead } from './scoring/index.js';
import { VersionedConversationState } from './turn/conversation-state.js';
import { TranscriptRecorder } from './turn/transcript-recorder.js';

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
}

const log = createLogger('app');

export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  // Load everything that can be wrong in a config file before touching the store.
  const rules = loadScoringRules(config.scoringFile);
  loadCatalogue();
  loadMotivationModel();
  loadVagueModel();
  const scripts = await loadScriptDir(config.scriptsDir);
  if (!scripts.entries.has(config.mainScript)) {
    throw new Error(`MAIN_SCRIPT "${config.mainScript}" is not in ${config.scriptsDir} (found: ${[...scripts.entries.keys()].join(', ')})`);
  }
  const webConfig = await loadWebChannelConfig(config.widgetFile);

  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, dbName: config.mongodbDb });
  const state = new VersionedConversationState(store.state);
  const { dialogs, runner } = createScriptDialogSet(scripts, state.createProperty('dialogState'));
  const leads = new LeadService({
    leads: store.leads,
    outbox: store.outbox,
    events: store.events,
    scorer: () => (lead) => scoreLead(lead, rules),
    alertHotCaptured: config.env.SLACK_ALERT_HOT_CAPTURED === 'true',
    ...(overrides.now && { now: overrides.now }),
  });
  const bot = new QualifierBot({
    state,
    dialogs,
    mainDialog: config.mainScript,
    leads,
    extractors,
    defaultLocale: config.defaultLocale,
    defaultCountry: config.defaultCountry,
    transcripts: new TranscriptRecorder(store.transcripts, createLogger('transcripts')),
    ...(overrides.now && { now: overrides.now }),
  });

  const server = createHttpServer();
  mountHealth(server, store);
  mountMessagesEndpoint(server, { bot, env: config.env, maxBytes: config.maxActivityBytes, log: createLogger('botframework'), state: store.state });
  mountAdminApi(server, { leads: store.leads, adminToken: config.adminToken });
  const web = mountWebChannel(server, {
    bot,
    store,
    config: webConfig,
    ...(config.mongodbUri && { mongodb: { uri: config.mongodbUri, dbName: config.mongodbDb } }),
    onBehaviour: async (visitorId) => {
      await leads.rescore(visitorId);
    },
  });
  mountDemoSite(server);
  const slack = mountSlack(server, {
    bot,
    store,
    config: slackConfigFromEnv(config.env),
    publicUrl: config.publicUrl,
    ...overrides.slack,
  });

  const watcher = config.watchScripts
    ? watchScripts(config.scriptsDir, {
        onReload: (next) => {
          runner.setScripts(next);
          log.info({ scripts: [...next.entries.keys()] }, 'dialog scripts reloaded');
        },
        onError: (errors) => {
          log.error({ errors: errors.map(formatScriptError) }, 'dialog scripts refused; the last good version keeps serving');
        },
      })
    : undefined;

  return {
    server,
    store,
    bot,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.url.replace('[::]', 'localhost').replace('0.0.0.0', 'localhost')));
      }),
    close: async () => {
      watcher?.close();
      await slack?.close();
      await web.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
