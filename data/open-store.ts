/**
 * `openStore`: MongoDB when a URI is given, otherwise the embedded SQLite database under
 * `dataDir` (a DATA_DIR left by the previous append-log store is imported on first start). Either
 * way the same repositories run over it, and every index is created (idempotently) before the
 * store is handed out.
 */
import type { Lead } from '../core/lead/model.js';
import type { OutboxItem, StoredEvent, TranscriptEntry } from '../core/ports/repository.js';
import type { Store } from '../core/ports/store.js';
import type { Doc, DocCollection, DocDatabase, IndexSpec } from './collection.js';
import { DocEventRepository, EVENT_INDEXES } from './repositories/event-repository.js';
import { DEFAULT_RETENTION, type Retention } from './repositories/expiry.js';
import { LEAD_KEY_INDEXES, LeadKeys, type LeadKeyDoc } from './repositories/lead-keys.js';
import { backfillReportFacts, byVisitor, DocLeadRepository, LEAD_INDEXES } from './repositories/lead-repository.js';
import { DocOutboxRepository, OUTBOX_INDEXES } from './repositories/outbox-repository.js';
import { DocTranscriptRepository, TRANSCRIPT_INDEXES } from './repositories/transcript-repository.js';
import { CONVERSATION_INDEXES, type ConversationSummary, type SkipReply } from './repositories/conversation-summaries.js';
import { DocVersionedStore, STATE_INDEXES, type StateDoc } from './repositories/versioned-store.js';
import { importAppendLogs } from './sqlite/append-log-import.js';
import { SqliteDatabase, type SqliteSynchronous } from './sqlite/sqlite-database.js';
import type { StoreLogger } from './store-logger.js';

export interface OpenStoreOptions {
  /** When set, the official MongoDB driver is used and `dataDir` is ignored. */
  mongodbUri?: string;
  /** Directory of the embedded store (created if missing). */
  dataDir: string;
  /** MongoDB database name; default: the one in the URI, else `test` (the driver's default). */
  dbName?: string;
  retention?: Partial<Retention>;
  logger?: StoreLogger;
  /** SQLite only: fsync every commit ('full', the default) or not ('normal'); see sqlite-database.ts. */
  sqliteSynchronous?: SqliteSynchronous;
  /** SQLite only: how often expired documents are deleted (default 60 s, like MongoDB's TTL monitor). */
  sweepEveryMs?: number;
  /** Whether a visitor's reply is one of the scripts' skip phrases (the drop-off report's "skipped"); default: none is. */
  isSkipReply?: SkipReply;
}

/** Every collection of the store with its indexes (what `leadq migrate` copies, in this order). */
export const STORE_COLLECTIONS: readonly { name: string; indexes: readonly IndexSpec[] }[] = [
  { name: 'leads', indexes: LEAD_INDEXES },
  { name: 'lead_keys', indexes: LEAD_KEY_INDEXES },
  { name: 'events', indexes: EVENT_INDEXES },
  { name: 'transcripts', indexes: TRANSCRIPT_INDEXES },
  { name: 'conversations', indexes: CONVERSATION_INDEXES },
  { name: 'outbox', indexes: OUTBOX_INDEXES },
  { name: 'state', indexes: STATE_INDEXES },
];

/** The database under the store: MongoDB when a URI is given, else the embedded SQLite one. */
export async function openDatabase(opts: OpenStoreOptions): Promise<DocDatabase> {
  if (!opts.mongodbUri) return SqliteDatabase.open(opts.dataDir, {
      ...(opts.logger && { logger: opts.logger }),
      ...(opts.sweepEveryMs && { sweepEveryMs: opts.sweepEveryMs }),
      ...(opts.sqliteSynchronous && { synchronous: opts.sqliteSynchronous }),
    });
  // The driver takes about 1 s and 15 MB to load: only a MongoDB deployment pays for it.
  const { MongoDatabase } = await import('./mongodb/mongo-database.js');
  return MongoDatabase.connect(opts.mongodbUri, opts.dbName);
}

/**
 * Opens every store collection, creating its indexes (idempotent). On SQLite, a DATA_DIR left by
 * the previous append-log store is then imported (once), before anyone reads it.
 */
export async function openCollections(db: DocDatabase, logger?: StoreLogger): Promise<Map<string, DocCollection<Doc>>> {
  const opened = await Promise.all(
    STORE_COLLECTIONS.map(async ({ name, indexes }) => {
      const collection = await db.collection<Doc>(name);
      await collection.createIndexes(indexes);
      return [name, collection] as const;
    }),
  );
  if (db instanceof SqliteDatabase) await importAppendLogs(db, logger);
  return new Map(opened);
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const db = await openDatabase(opts);
  try {
    return await storeOver(db, { ...DEFAULT_RETENTION, ...opts.retention }, opts.logger, opts.isSkipReply);
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function storeOver(db: DocDatabase, retention: Retention, logger: StoreLogger | undefined, isSkipReply: SkipReply | undefined): Promise<Store> {
  const collections = await openCollections(db, logger);
  const open = <T extends Doc>(name: string) => collections.get(name) as unknown as DocCollection<T>;
  const leads = open<Lead>('leads');
  const keys = open<LeadKeyDoc>('lead_keys');
  await new LeadKeys(keys, () => new Date()).backfill(leads);
  await backfillReportFacts(leads);
  const eventRepository = new DocEventRepository(open<StoredEvent>('events'));
  const transcripts = open<TranscriptEntry & Doc>('transcripts');
  const conversations = open<ConversationSummary>('conversations');
  const transcriptRepository = new DocTranscriptRepository(transcripts, conversations, retention.anonymousDays, isSkipReply);
  // Transcripts stored before conversation summaries existed are summed up once.
  if ((await conversations.count({})) === 0 && (await transcripts.count({})) > 0) {
    const summed = await transcriptRepository.rebuildSummaries();
    logger?.info({ conversations: summed }, 'summed up stored conversations for the reports');
  }
  const outboxRepository = new DocOutboxRepository(open<OutboxItem>('outbox'), retention.deliveredDays);
  const stateStore = new DocVersionedStore(open<StateDoc>('state'), retention.anonymousDays);
  const leadRepository = new DocLeadRepository(leads, keys, [
    byVisitor(eventRepository),
    byVisitor(transcriptRepository),
    byVisitor(stateStore),
    (lead) => outboxRepository.removeByLead(lead._id),
  ], [transcriptRepository]);
  // First listener: nothing erased may stay in the files once the erasure call returns.
  leadRepository.onErased(() => db.purge());
  return {
    kind: db.kind,
    leads: leadRepository,
    events: eventRepository,
    transcripts: transcriptRepository,
    outbox: outboxRepository,
    // One collection, one store object: the named stores differ by the key prefixes their users write.
    conversations: stateStore,
    webConversations: stateStore,
    slackEvents: stateStore,
    slackThreads: stateStore,
    routing: stateStore,
    handoffSessions: stateStore,
    conversationOwners: stateStore,
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
