/**
 * The store the Slack tests run on: the real embedded store (data/open-store.ts, temp dir) once it
 * exists; until then a stopgap in-memory implementation of the same ports, so these suites can run
 * while the data layer is being written in parallel.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Lead, Stage } from '../../../bot/lead/model.js';
import type { LeadQuery, LeadRepository, OutboxItem, OutboxRepository, StageChange } from '../../../bot/lead/repository.js';
import type { Store } from '../../../bot/lead/store.js';
import { ConcurrencyError, type Versioned, type VersionedStore } from '../../../bot/lead/versioned-store.js';

export interface TestStore {
  store: Store;
  /** A second handle on the same data (another process after a restart), when the store supports it. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

const OPEN_STORE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/open-store.ts');

export async function openTestStore(): Promise<TestStore> {
  if (existsSync(OPEN_STORE) && process.env.SLACK_TEST_STORE !== 'memory') {
    const { openStore } = (await import(pathToFileURL(OPEN_STORE).href)) as { openStore(o: { dataDir: string }): Promise<Store> };
    const dataDir = await mkdtemp(path.join(tmpdir(), 'leadq-slack-'));
    const handles: Store[] = [await openStore({ dataDir })];
    return {
      store: handles[0] as Store,
      async reopen() {
        await Promise.all(handles.splice(0).map((h) => h.close()));
        const next = await openStore({ dataDir });
        handles.push(next);
        return next;
      },
      async cleanup() {
        await Promise.all(handles.map((h) => h.close()));
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const store = new MemoryStore();
  return { store, reopen: async () => store, cleanup: async () => undefined };
}

/** A qualified lead with every field an alert shows. */
export async function seedLead(store: Store, overrides: Partial<Lead> = {}, stage: Stage = 'mql'): Promise<Lead> {
  const { _id: _ignored, stage: _s, history: _h, visitorIds: _v, createdAt: _c, updatedAt: _u, ...patch } = overrides;
  return store.leads.upsert(
    { visitorId: `web:${randomUUID()}`, email: overrides.email ?? `${randomUUID().slice(0, 8)}@acme.fr` },
    {
      name: 'Jeanne Martin',
      company: 'Acme SAS',
      phone: '+33612345678',
      score: 82,
      temperature: 'hot',
      scoreBreakdown: [
        { rule: 'budget', points: 30, reason: 'Budget 20 000 EUR' },
        { rule: 'timeline', points: 25, reason: 'Starts this month' },
      ],
      project: { text: 'Refonte du site e-commerce' },
      timeline: { text: 'ce mois-ci', horizonMonths: 0, bucket: 'now' },
      motivation: { text: 'Notre site actuel est trop lent', category: 'replace' },
      budget: { amount: 20000, currency: 'EUR' },
      segment: { country: 'FR', sector: 'retail', companySize: '10-49' },
      channel: 'web',
      ...patch,
    },
    { to: stage },
  );
}

// ---------------------------------------------------------------------------------------------
// Stopgap in-memory store (removed once data/open-store.ts lands).

class MemoryStore implements Store {
  readonly kind = 'embedded' as const;
  readonly leads = new MemoryLeads();
  readonly outbox = new MemoryOutbox();
  readonly state = new MemoryState();
  readonly events = {
    append: async () => {
      throw new Error('not used by Slack tests');
    },
    listByVisitor: async () => [],
  };
  readonly transcripts = { append: async () => undefined, list: async () => [] };
  async ping(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

const clone = <T>(value: T): T => structuredClone(value);

class MemoryLeads implements LeadRepository {
  private readonly byId = new Map<string, Lead>();

  async get(id: string): Promise<Lead | null> {
    const lead = this.byId.get(id);
    return lead ? clone(lead) : null;
  }
  async findByEmail(email: string): Promise<Lead | null> {
    return clone([...this.byId.values()].find((l) => l.email === email.toLowerCase()) ?? null);
  }
  async findByVisitorId(visitorId: string): Promise<Lead | null> {
    return clone([...this.byId.values()].find((l) => l.visitorIds.includes(visitorId)) ?? null);
  }
  async upsert(identity: { visitorId?: string; email?: string }, patch: Partial<Lead>, stage?: StageChange): Promise<Lead> {
    const now = new Date();
    const existing = (identity.email && (await this.findByEmail(identity.email))) || (identity.visitorId && (await this.findByVisitorId(identity.visitorId))) || null;
    const lead: Lead = existing ?? { _id: randomUUID(), stage: 'visitor', score: 0, temperature: 'cold', scoreBreakdown: [], visitorIds: [], history: [], createdAt: now, updatedAt: now };
    Object.assign(lead, patch, { updatedAt: now });
    if (identity.email) lead.email = identity.email.toLowerCase();
    if (identity.visitorId && !lead.visitorIds.includes(identity.visitorId)) lead.visitorIds.push(identity.visitorId);
    if (stage && (!stage.from || stage.from.includes(lead.stage))) {
      lead.stage = stage.to;
      lead.history.push({ stage: stage.to, at: now, ...(stage.by ? { by: stage.by } : {}), ...(stage.reason ? { reason: stage.reason } : {}) });
    }
    this.byId.set(lead._id, clone(lead));
    return clone(lead);
  }
  async changeStage(id: string, change: StageChange): Promise<Lead | null> {
    const lead = this.byId.get(id);
    if (!lead || (change.from && !change.from.includes(lead.stage))) return null;
    const now = new Date();
    lead.stage = change.to;
    lead.updatedAt = now;
    if (change.to === 'rejected' && change.reason) lead.rejectionReason = change.reason;
    lead.history.push({ stage: change.to, at: now, ...(change.by ? { by: change.by } : {}), ...(change.reason ? { reason: change.reason } : {}) });
    return clone(lead);
  }
  async claim(id: string, owner: string): Promise<{ lead: Lead | null; claimed: boolean }> {
    const lead = this.byId.get(id);
    if (!lead) return { lead: null, claimed: false };
    if (lead.owner) return { lead: clone(lead), claimed: false };
    lead.owner = owner;
    lead.updatedAt = new Date();
    return { lead: clone(lead), claimed: true };
  }
  async list(query: LeadQuery): Promise<{ items: Lead[]; total: number }> {
    const text = query.text?.toLowerCase();
    const all = [...this.byId.values()].filter(
      (l) =>
        (!query.stage || l.stage === query.stage) &&
        (query.minScore === undefined || l.score >= query.minScore) &&
        (!query.updatedSince || l.updatedAt >= query.updatedSince) &&
        (!text || [l.name, l.email, l.company].some((f) => f?.toLowerCase().includes(text))),
    );
    const key = query.sort ?? 'updatedAt';
    all.sort((a, b) => Number(b[key]) - Number(a[key]));
    const skip = query.skip ?? 0;
    return { items: clone(all.slice(skip, skip + (query.limit ?? 50))), total: all.length };
  }
  async funnel(): Promise<Record<Stage, number>> {
    const counts: Record<Stage, number> = { visitor: 0, mcl: 0, mql: 0, sql: 0, rejected: 0 };
    for (const l of this.byId.values()) counts[l.stage] += 1;
    return counts;
  }
  async remove(id: string): Promise<boolean> {
    return this.byId.delete(id);
  }
}

class MemoryOutbox implements OutboxRepository {
  private readonly items = new Map<string, OutboxItem>();

  async enqueue<P>(topic: string, key: string, payload: P, notBefore?: Date): Promise<boolean> {
    if (this.items.has(key)) return false;
    const now = new Date();
    this.items.set(key, { _id: key, topic, payload, status: 'pending', attempts: 0, nextAttemptAt: notBefore ?? now, createdAt: now });
    return true;
  }
  async claim(topics: readonly string[], worker: string, leaseMs: number): Promise<OutboxItem | null> {
    const now = new Date();
    const item = [...this.items.values()]
      .filter((i) => topics.includes(i.topic))
      .find((i) => (i.status === 'pending' && i.nextAttemptAt <= now) || (i.status === 'processing' && (i.leaseUntil ?? now) < now));
    if (!item) return null;
    Object.assign(item, { status: 'processing', leaseOwner: worker, leaseUntil: new Date(now.getTime() + leaseMs), attempts: item.attempts + 1 });
    return clone(item);
  }
  private held(id: string, worker: string): OutboxItem | null {
    const item = this.items.get(id);
    return item && item.status === 'processing' && item.leaseOwner === worker && (item.leaseUntil ?? new Date(0)) >= new Date() ? item : null;
  }
  async renew(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const item = this.held(id, worker);
    if (item) item.leaseUntil = new Date(Date.now() + leaseMs);
    return Boolean(item);
  }
  async complete(id: string, worker: string, result?: unknown): Promise<boolean> {
    const item = this.held(id, worker);
    if (item) Object.assign(item, { status: 'done', result, doneAt: new Date(), leaseOwner: undefined, leaseUntil: undefined });
    return Boolean(item);
  }
  async fail(id: string, worker: string, error: string, retryAt: Date | null): Promise<boolean> {
    const item = this.held(id, worker);
    if (item) Object.assign(item, { status: retryAt ? 'pending' : 'dead', lastError: error, nextAttemptAt: retryAt ?? item.nextAttemptAt, leaseOwner: undefined, leaseUntil: undefined });
    return Boolean(item);
  }
  async get(id: string): Promise<OutboxItem | null> {
    const item = this.items.get(id);
    return item ? clone(item) : null;
  }
}

class MemoryState implements VersionedStore {
  private readonly docs = new Map<string, Versioned<unknown>>();
  async read<T>(key: string): Promise<Versioned<T> | null> {
    return (clone(this.docs.get(key)) as Versioned<T> | undefined) ?? null;
  }
  async write<T>(key: string, value: T, expectedETag: string | null): Promise<string> {
    if ((this.docs.get(key)?.eTag ?? null) !== expectedETag) throw new ConcurrencyError(key);
    const eTag = randomUUID();
    this.docs.set(key, { value: clone(value), eTag });
    return eTag;
  }
  async delete(key: string, expectedETag?: string): Promise<void> {
    if (expectedETag && this.docs.get(key)?.eTag !== expectedETag) throw new ConcurrencyError(key);
    this.docs.delete(key);
  }
}
