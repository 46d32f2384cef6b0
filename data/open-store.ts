/**
 * `openStore`: MongoDB when a URI is given, otherwise the embedded durable store under
 * `dataDir`. Either way the same repositories run over it, and every index is created (idempotently)
 * before the store is handed out.
 */
import type { Lead } from '../core/lead/model.js';
import type { OutboxItem, StoredEvent, TranscriptEntry } from '../core/ports/repository.js';
import type { Store } from '../core/ports/store.js';
import type { Doc, DocDatabase, IndexSpec } from './collection.js';
import { EmbeddedDatabase } from './embedded/embedded-database.js';
import { MongoDatabase } from './mongodb/mongo-database.js';
import { DocEventRepository, EVENT_INDEXES } from './repositories/event-repository.js';
import { byVisitor, DocLeadRepository, LEAD_INDEXES } from './repositories/lead-repository.js';
import { DocOutboxRepository, OUTBOX_INDEXES } from './repositories/outbox-repository.js';
import { DocTranscriptRepository, TRANSCRIPT_INDEXES } from './repositories/transcript-repository.js';
import { DocVersionedStore, STATE_INDEXES, type StateDoc } from './repositories/versioned-store.js';

export interface OpenStoreOptions {
  /** When set, the official MongoDB driver is used and `dataDir` is ignored. */
  mongodbUri?: string;
  /** Directory of the embedded store (created if missing). */
  dataDir: string;
  /** MongoDB database name; default: the one in the URI, else `test` (the driver's default). */
  dbName?: string;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const db: DocDatabase = opts.mongodbUri ? await MongoDatabase.connect(opts.mongodbUri, opts.dbName) : await EmbeddedDatabase.open(opts.dataDir);
  try {
    return await storeOver(db);
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function storeOver(db: DocDatabase): Promise<Store> {
  const open = async <T extends Doc>(name: string, indexes: readonly IndexSpec[]) => {
    const collection = await db.collection<T>(name);
    await collection.createIndexes(indexes);
    return collection;
  };
  const [leads, events, transcripts, outbox, state] = await Promise.all([
    open<Lead>('leads', LEAD_INDEXES),
    open<StoredEvent>('events', EVENT_INDEXES),
    open<TranscriptEntry & Doc>('transcripts', TRANSCRIPT_INDEXES),
    open<OutboxItem>('outbox', OUTBOX_INDEXES),
    open<StateDoc>('state', STATE_INDEXES),
  ]);
  const eventRepository = new DocEventRepository(events);
  const transcriptRepository = new DocTranscriptRepository(transcripts);
  const outboxRepository = new DocOutboxRepository(outbox);
  const stateStore = new DocVersionedStore(state);
  const leadRepository = new DocLeadRepository(leads, [
    byVisitor(eventRepository),
    byVisitor(transcriptRepository),
    byVisitor(stateStore),
    (lead) => outboxRepository.removeByLead(lead._id),
  ]);
  // First listener: nothing erased may stay in the files once the erasure call returns.
  leadRepository.onErased(() => db.purge());
  return {
    kind: db.kind,
    leads: leadRepository,
    events: eventRepository,
    transcripts: transcriptRepository,
    outbox: outboxRepository,
    state: stateStore,
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
