/**
 * `openStore`: MongoDB when a URI is given, otherwise the embedded durable store under
 * `dataDir`. Either way the same repositories run over it, and every index is created (idempotently)
 * before the store is handed out.
 */
import type { Lead } from '../core/lead/model.js';
import type { OutboxItem, StoredEvent, TranscriptEntry } from '../core/ports/repository.js';
import type { Store } from '../core/ports/store.js';
import type { Doc, DocCollection, DocDatabase, IndexSpec } from './collection.js';
import { EmbeddedDatabase } from './embedded/embedded-database.js';
import { DocEventRepository, EVENT_INDEXES } from './repositories/event-repository.js';
import { LEAD_KEY_INDEXES, LeadKeys, type LeadKeyDoc } from './repositories/lead-keys.js';
import { DocLeadRepository, LEAD_INDEXES } from './repositories/lead-repository.js';
import { DocOutboxRepository, OUTBOX_INDEXES } from './repositories/outbox-repository.js';
import { DocTranscriptRepository, TRANSCRIPT_INDEXES } from './repositories/transcript-repository.js';
import { DocVersionedStore, type StateDoc } from './repositories/versioned-store.js';

export interface OpenStoreOptions {
  /** When set, the official MongoDB driver is used and `dataDir` is ignored. */
  mongodbUri?: string;
  /** Directory of the embedded store (created if missing). */
  dataDir: string;
  /** MongoDB database name; default: the one in the URI, else `test` (the driver's default). */
  dbName?: string;
}

/** Every collection of the store with its indexes (what `leadq migrate` copies, in this order). */
export const STORE_COLLECTIONS: readonly { name: string; indexes: readonly IndexSpec[] }[] = [
  { name: 'leads', indexes: LEAD_INDEXES },
  { name: 'lead_keys', indexes: LEAD_KEY_INDEXES },
  { name: 'events', indexes: EVENT_INDEXES },
  { name: 'transcripts', indexes: TRANSCRIPT_INDEXES },
  { name: 'outbox', indexes: OUTBOX_INDEXES },
  { name: 'state', indexes: [] },
];

/** The database under the store: MongoDB when a URI is given, else the embedded one. */
export async function openDatabase(opts: OpenStoreOptions): Promise<DocDatabase> {
  if (!opts.mongodbUri) return EmbeddedDatabase.open(opts.dataDir);
  // The driver takes about 1 s and 15 MB to load: only a MongoDB deployment pays for it.
  const { MongoDatabase } = await import('./mongodb/mongo-database.js');
  return MongoDatabase.connect(opts.mongodbUri, opts.dbName);
}

/** Opens every store collection, creating its indexes (idempotent). */
export async function openCollections(db: DocDatabase): Promise<Map<string, DocCollection<Doc>>> {
  const opened = await Promise.all(
    STORE_COLLECTIONS.map(async ({ name, indexes }) => {
      const collection = await db.collection<Doc>(name);
      await collection.createIndexes(indexes);
      return [name, collection] as const;
    }),
  );
  return new Map(opened);
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const db = await openDatabase(opts);
  try {
    return await storeOver(db);
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function storeOver(db: DocDatabase): Promise<Store> {
  const collections = await openCollections(db);
  const open = <T extends Doc>(name: string) => collections.get(name) as unknown as DocCollection<T>;
  const leads = open<Lead>('leads');
  const keys = open<LeadKeyDoc>('lead_keys');
  await new LeadKeys(keys, () => new Date()).backfill(leads);
  const eventRepository = new DocEventRepository(open<StoredEvent>('events'));
  const transcriptRepository = new DocTranscriptRepository(open<TranscriptEntry & Doc>('transcripts'));
  return {
    kind: db.kind,
    leads: new DocLeadRepository(leads, keys, [eventRepository, transcriptRepository]),
    events: eventRepository,
    transcripts: transcriptRepository,
    outbox: new DocOutboxRepository(open<OutboxItem>('outbox')),
    state: new DocVersionedStore(open<StateDoc>('state')),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
