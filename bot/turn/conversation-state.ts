/**
 * Conversation state with real optimistic concurrency. botbuilder's BotState writes with eTag
 * `*` (last writer wins); here the version read at the start of the turn is the version the
 * write is conditional on, so two turns racing on one conversation cannot silently overwrite
 * each other — the loser gets a ConcurrencyError and its turn is retried (see transactional-turn).
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { VersionedStore } from '../../core/ports/versioned-store.js';

type Bag = Record<string, unknown>;

interface Loaded {
  key: string;
  data: Bag;
  eTag: string | null;
  snapshot: string;
}

const LOADED = Symbol('leadq.conversationState');
const MAX_KEY = 400;
/** Reserved state key: ids of the conversation's latest activities, for replay detection. */
const SEEN_KEY = 'seenActivityIds';
/** Enough to cover any channel's retries; the oldest ids are forgotten first. */
const SEEN_IDS = 100;

export class VersionedConversationState {
  constructor(private readonly store: VersionedStore) {}

  static keyFor(context: TurnContext): string {
    const { channelId, conversation } = context.activity;
    return `conversation/${channelId ?? 'unknown'}/${conversation?.id ?? 'unknown'}`.slice(0, MAX_KEY);
  }

  async load(context: TurnContext): Promise<void> {
    const key = VersionedConversationState.keyFor(context);
    const stored = await this.store.read<Bag>(key);
    const data = stored?.value ?? {};
    context.turnState.set(LOADED, { key, data, eTag: stored?.eTag ?? null, snapshot: JSON.stringify(data) } satisfies Loaded);
  }

  /** Writes only when something changed; throws ConcurrencyError when another turn wrote first. */
  async save(context: TurnContext): Promise<void> {
    const loaded = this.loaded(context);
    if (JSON.stringify(loaded.data) === loaded.snapshot) return;
    const from = context.activity.from?.id;
    // Tagged with the person it is about, so erasing them removes it.
    const owner = from ? { visitorId: `${context.activity.channelId}:${from}` } : undefined;
    loaded.eTag = await this.store.write(loaded.key, loaded.data, loaded.eTag, { expireWhenIdle: true, ...(owner && { owner }) });
    loaded.snapshot = JSON.stringify(loaded.data);
  }

  /**
   * Records the turn's activity id in the loaded state; false when it was already there (a replay).
   * Saved with the turn's own write, so a replay is recognised exactly when its original's effects
   * were kept — also across restarts and replicas.
   */
  firstSighting(context: TurnContext): boolean {
    const id = context.activity.id;
    if (typeof id !== 'string' || id === '') return true;
    const data = this.loaded(context).data;
    const seen = Array.isArray(data[SEEN_KEY]) ? (data[SEEN_KEY] as unknown[]) : [];
    if (seen.includes(id)) return false;
    data[SEEN_KEY] = [...seen, id].slice(-SEEN_IDS);
    return true;
  }

  async clear(context: TurnContext): Promise<void> {
    const loaded = this.loaded(context);
    for (const name of Object.keys(loaded.data)) delete loaded.data[name];
  }

  createProperty<T>(name: string): StatePropertyAccessor<T> {
    const bag = (context: TurnContext): Bag => this.loaded(context).data;
    return {
      async get(context: TurnContext, defaultValue?: T): Promise<T> {
        const data = bag(context);
        if (!(name in data) && defaultValue !== undefined) data[name] = structuredClone(defaultValue);
        return data[name] as T;
      },
      async set(context: TurnContext, value: T): Promise<void> {
        bag(context)[name] = value;
      },
      async delete(context: TurnContext): Promise<void> {
        delete bag(context)[name];
      },
    };
  }

  private loaded(context: TurnContext): Loaded {
    const loaded = context.turnState.get(LOADED) as Loaded | undefined;
    if (!loaded) throw new Error('Conversation state used before load(): run the turn through runTransactionalTurn');
    return loaded;
  }
}
