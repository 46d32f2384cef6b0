/**
 * Who owns an e-mail or a visitor id (collection `lead_keys`): one document per key, the key being
 * its `_id`. `_id` is unique on every MongoDB-wire server and on the embedded store, so neither a
 * partial nor a multikey unique index is needed (FerretDB has neither, and MongoDB's multikey
 * unique index on an empty array collides). A key is claimed before its lead carries the value
 * and released after the lead drops it, so a key whose lead does not carry the value is a write in
 * progress — or, once older than STALE_KEY_MS, the leftover of a crash, which may be taken over.
 */
import type { Lead } from '../../core/lead/model.js';
import type { DocCollection, IndexSpec } from '../collection.js';
import { isDuplicateKeyError } from '../errors.js';

export interface LeadKeyDoc {
  _id: string;
  leadId: string;
  at: Date;
}

export type LeadKey = { kind: 'email'; value: string } | { kind: 'visitor'; value: string };

export const LEAD_KEY_INDEXES: readonly IndexSpec[] = [{ name: 'leadId', key: { leadId: 1 } }];

/** A crashed writer's claim is taken over after this long (a live writer holds one for milliseconds). */
export const STALE_KEY_MS = 5000;

const BACKFILL_PAGE = 1000;

export const keyId = (key: LeadKey): string => `${key.kind}:${key.value}`;

/** The lead carries the value its key names. */
export function carries(lead: Lead, key: LeadKey): boolean {
  return key.kind === 'email' ? lead.email === key.value : lead.visitorIds.includes(key.value);
}

/** Every key a lead carries. */
export function keysOf(lead: Pick<Lead, 'email' | 'visitorIds'>): LeadKey[] {
  return [...(lead.email ? [{ kind: 'email', value: lead.email } as const] : []), ...lead.visitorIds.map((value) => ({ kind: 'visitor', value }) as const)];
}

export class LeadKeys {
  constructor(
    private readonly keys: DocCollection<LeadKeyDoc>,
    private readonly now: () => Date,
  ) {}

  /**
   * Claims every key for `leadId` (a key it already holds counts as claimed). On the first key held
   * by another lead, the keys claimed by this call are released and that key's document returned.
   */
  async claim(leadId: string, keys: readonly LeadKey[]): Promise<{ key: LeadKey; holder: LeadKeyDoc } | null> {
    // Every key at once (one commit on the embedded store), then the first one held by another lead, in key order.
    const inserts = await Promise.allSettled(keys.map((key) => this.keys.insertOne({ _id: keyId(key), leadId, at: this.now() })));
    const claimed: string[] = [];
    let conflict: { key: LeadKey; holder: LeadKeyDoc } | null = null;
    for (const [i, key] of keys.entries()) {
      const _id = keyId(key);
      const insert = inserts[i]!;
      if (insert.status === 'fulfilled') {
        claimed.push(_id);
        continue;
      }
      if (!isDuplicateKeyError(insert.reason)) throw insert.reason;
      if (conflict) continue;
      const holder = await this.keys.findOne({ _id });
      if (holder?.leadId === leadId) continue;
      // Released meanwhile: report a holder that is gone, so the caller simply tries again.
      conflict = { key, holder: holder ?? { _id, leadId: '', at: new Date(0) } };
    }
    if (conflict) await Promise.all(claimed.map((id) => this.keys.deleteOne({ _id: id, leadId })));
    return conflict;
  }

  /** The id of the lead holding the key, if any (it may not carry the value yet, or any more). */
  async holder(key: LeadKey): Promise<string | undefined> {
    return (await this.keys.findOne({ _id: keyId(key) }))?.leadId;
  }

  /** Hands the keys of a merged-away lead to the lead it was merged into. */
  async move(keys: readonly LeadKey[], from: string, to: string): Promise<void> {
    for (const key of keys) await this.keys.updateOne({ _id: keyId(key), leadId: from }, { $set: { leadId: to, at: this.now() } });
  }

  /** Releases keys, each only if `leadId` still holds it. */
  async release(leadId: string, keys: readonly LeadKey[]): Promise<void> {
    for (const key of keys) await this.keys.deleteOne({ _id: keyId(key), leadId });
  }

  async releaseAll(leadId: string): Promise<void> {
    await this.keys.deleteMany({ leadId });
  }

  /** Removes a claim left by a crash (unless someone refreshed it meanwhile); returns 0, or the ms until the claim counts as stale. */
  async takeOver(holder: LeadKeyDoc): Promise<number> {
    const age = this.now().getTime() - holder.at.getTime();
    if (age < STALE_KEY_MS) return STALE_KEY_MS - age;
    await this.keys.deleteOne({ _id: holder._id, leadId: holder.leadId, at: holder.at });
    return 0;
  }

  /** Leads stored before keys existed get theirs (once: only while no key is stored at all). */
  async backfill(leads: DocCollection<Lead>): Promise<void> {
    if ((await this.keys.count({})) > 0) return;
    let after = '';
    for (;;) {
      const page = await leads.find(after ? { _id: { $gt: after } } : {}, { sort: { _id: 1 }, limit: BACKFILL_PAGE });
      for (const lead of page) {
        for (const key of keysOf(lead)) {
          try {
            await this.keys.insertOne({ _id: keyId(key), leadId: lead._id, at: this.now() });
          } catch (err) {
            if (!isDuplicateKeyError(err)) throw err;
          }
        }
      }
      if (page.length < BACKFILL_PAGE) return;
      after = page[page.length - 1]!._id;
    }
  }
}
