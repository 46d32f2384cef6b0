/**
 * The store contract: one suite, run on the embedded store always and on MongoDB when
 * MONGODB_URI is set. Every test gets a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadPatch } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';
import { ConcurrencyError } from '../../core/ports/versioned-store.js';
import type { Doc, DocCollection } from '../../data/collection.js';
import type { DocTranscriptRepository } from '../../data/repositories/transcript-repository.js';

export interface StoreFixture {
  store: Store;
  /** Close the store and remove everything it stored. */
  dispose(): Promise<void>;
}

const HOSTILE = { $gt: '' } as unknown as string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeStoreContract(label: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`store contract: ${label}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('is alive and says which store it is', async () => {
      expect(await store.ping()).toBe(true);
      expect(['embedded', 'mongodb']).toContain(store.kind);
    });

    describe('leads: upsert', () => {
      it('creates a visitor lead with a random string id, defaults and a first history entry', async () => {
        const lead = await store.leads.upsert({ visitorId: 'web:v1' }, { name: 'Alice', channel: 'web' });
        expect(lead._id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
        expect(lead).toMatchObject({ name: 'Alice', stage: 'visitor', score: 0, temperature: 'cold', visitorIds: ['web:v1'], scoreBreakdown: [] });
        expect(lead.history).toEqual([{ stage: 'visitor', at: lead.createdAt }]);
        expect(lead.createdAt).toBeInstanceOf(Date);
        expect(await store.leads.get(lead._id)).toEqual(lead);
        expect(await store.leads.findByVisitorId('web:v1')).toEqual(lead);
      });

      it('is idempotent: the same upsert twice gives the same lead and no extra history', async () => {
        const first = await store.leads.upsert({ visitorId: 'web:v1', email: 'a@x.test' }, { name: 'Alice' }, { to: 'mcl' });
        const second = await store.leads.upsert({ visitorId: 'web:v1', email: 'a@x.test' }, { name: 'Alice' }, { to: 'mcl' });
        expect(second._id).toBe(first._id);
        expect(second.history).toHaveLength(1);
        expect(second.visitorIds).toEqual(['web:v1']);
        expect((await store.leads.list({})).total).toBe(1);
      });

      it('stores e-mails lower-cased and finds them case-insensitively', async () => {
        const lead = await store.leads.upsert({ email: '  Alice@Example.COM ' }, {});
        expect(lead.email).toBe('alice@example.com');
        expect(lead.visitorIds).toEqual([]);
        expect((await store.leads.findByEmail('ALICE@example.com'))?._id).toBe(lead._id);
      });

      it('takes the e-mail from the patch when the identity has none', async () => {
        const lead = await store.leads.upsert({ visitorId: 'web:v1' }, { email: 'Bob@X.test' });
        expect(lead.email).toBe('bob@x.test');
        expect((await store.leads.findByEmail('bob@x.test'))?._id).toBe(lead._id);
      });

      it('a returning visitor giving an e-mail updates the same lead', async () => {
        const visitor = await store.leads.upsert({ visitorId: 'web:v1' }, { name: 'Alice' });
        const captured = await store.leads.upsert({ visitorId: 'web:v1', email: 'alice@x.test' }, { company: 'Acme' });
        expect(captured._id).toBe(visitor._id);
        expect(captured).toMatchObject({ name: 'Alice', company: 'Acme', email: 'alice@x.test' });
        expect(captured.updatedAt.getTime()).toBeGreaterThanOrEqual(visitor.updatedAt.getTime());
      });

      it('recognises an e-mail seen on another channel and adds the new visitor id', async () => {
        const web = await store.leads.upsert({ visitorId: 'web:v1', email: 'alice@x.test' }, {});
        const slack = await store.leads.upsert({ visitorId: 'slack:T1:U1', email: 'alice@x.test' }, {});
        expect(slack._id).toBe(web._id);
        expect(slack.visitorIds.sort()).toEqual(['slack:T1:U1', 'web:v1']);
        expect((await store.leads.findByVisitorId('slack:T1:U1'))?._id).toBe(web._id);
      });

      it("merges a visitor's lead into the e-mail's lead: visitorIds unioned, known fields kept, newer answers win", async () => {
        const known = await store.leads.upsert({ visitorId: 'web:old', email: 'carol@x.test' }, { name: 'Carol', company: 'Old Co', segment: { country: 'FR' } }, { to: 'mcl' });
        await sleep(5);
        const anonymous = await store.leads.upsert({ visitorId: 'web:new' }, { company: 'New Co', project: { text: 'a CRM' }, segment: { sector: 'retail' } });
        const merged = await store.leads.upsert({ visitorId: 'web:new', email: 'CAROL@x.test' }, { phone: '+33612345678' });

        expect(merged._id).toBe(known._id);
        expect(merged.visitorIds.sort()).toEqual(['web:new', 'web:old']);
        expect(merged).toMatchObject({ name: 'Carol', company: 'New Co', project: { text: 'a CRM' }, phone: '+33612345678', stage: 'mcl', email: 'carol@x.test' });
        expect(merged.segment).toEqual({ country: 'FR', sector: 'retail' });
        expect(merged.createdAt).toEqual(known.createdAt);
        expect(await store.leads.get(anonymous._id)).toBeNull();
        expect((await store.leads.findByVisitorId('web:new'))?._id).toBe(known._id);
        expect((await store.leads.list({})).total).toBe(1);
      });

      it('sets segment facts one by one, so a later answer does not erase an earlier one', async () => {
        await store.leads.upsert({ visitorId: 'web:v1' }, { segment: { country: 'FR' } });
        const lead = await store.leads.upsert({ visitorId: 'web:v1' }, { segment: { companySize: '10-49' } });
        expect(lead.segment).toEqual({ country: 'FR', companySize: '10-49' });
      });

      it('appends history on a stage change and ignores a move whose `from` does not match', async () => {
        const mcl = await store.leads.upsert({ email: 'd@x.test' }, {}, { to: 'mcl', by: 'bot' });
        expect(mcl.stage).toBe('mcl');
        expect(mcl.history.map((h) => h.stage)).toEqual(['mcl']);
        const mql = await store.leads.upsert({ email: 'd@x.test' }, { score: 80 }, { to: 'mql', from: ['visitor', 'mcl'], reason: 'score 80' });
        expect(mql.history.map((h) => h.stage)).toEqual(['mcl', 'mql']);
        expect(mql.history[1]).toMatchObject({ stage: 'mql', reason: 'score 80' });
        await store.leads.changeStage(mql._id, { to: 'sql', by: 'U123' });
        const kept = await store.leads.upsert({ email: 'd@x.test' }, { score: 90 }, { to: 'mql', from: ['visitor', 'mcl'] });
        expect(kept.stage).toBe('sql');
        expect(kept.score).toBe(90);
        expect(kept.history.map((h) => h.stage)).toEqual(['mcl', 'mql', 'sql']);
      });

      it('20 concurrent upserts of the same e-mail make exactly one lead', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.leads.upsert({ visitorId: `web:c${i}`, email: 'race@x.test' }, { name: `Racer ${i}` }, { to: 'mcl' })),
        );
        expect(new Set(results.map((lead) => lead._id)).size).toBe(1);
        const { items, total } = await store.leads.list({ email: 'race@x.test' });
        expect(total).toBe(1);
        expect(items[0]?.visitorIds).toHaveLength(20);
        expect(items[0]?.history.filter((h) => h.stage === 'mcl')).toHaveLength(1);
        expect((await store.leads.list({})).total).toBe(1);
      });

      it('concurrent upserts of the same visitor make exactly one lead', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.leads.upsert({ visitorId: 'web:same' }, { channel: 'web' })));
        expect(new Set(results.map((lead) => lead._id)).size).toBe(1);
        expect((await store.leads.list({})).total).toBe(1);
      });

      it('concurrently merging two visitors into one e-mail keeps one lead with both visitors', async () => {
        await store.leads.upsert({ visitorId: 'web:a' }, { name: 'A' });
        await store.leads.upsert({ visitorId: 'web:b' }, { company: 'B' });
        await Promise.all([store.leads.upsert({ visitorId: 'web:a', email: 'ab@x.test' }, {}), store.leads.upsert({ visitorId: 'web:b', email: 'ab@x.test' }, {})]);
        const { items, total } = await store.leads.list({});
        expect(total).toBe(1);
        expect(items[0]?.visitorIds.sort()).toEqual(['web:a', 'web:b']);
        expect(items[0]).toMatchObject({ name: 'A', company: 'B', email: 'ab@x.test' });
      });

      it('stores HTML and emoji verbatim (escaping is the renderer’s job)', async () => {
        const name = '<script>alert("x")</script> Zoé 🚀👩‍💻';
        const lead = await store.leads.upsert({ visitorId: 'web:v1' }, { name, project: { text: '<b>CRM</b> 💼' } });
        expect((await store.leads.get(lead._id))?.name).toBe(name);
      });
    });

    describe('leads: stage, claim, queries, erasure', () => {
      it('changeStage is conditional and null when the lead is missing or not allowed', async () => {
        const lead = await store.leads.upsert({ email: 'e@x.test' }, {}, { to: 'mcl' });
        expect(await store.leads.changeStage(lead._id, { to: 'sql', from: ['mql'] })).toBeNull();
        const moved = await store.leads.changeStage(lead._id, { to: 'mql', from: ['mcl'], by: 'scoring' });
        expect(moved?.stage).toBe('mql');
        expect(moved?.history.at(-1)).toMatchObject({ stage: 'mql', by: 'scoring' });
        expect((await store.leads.changeStage(lead._id, { to: 'mql' }))?.history).toHaveLength(2);
        expect(await store.leads.changeStage('missing-id', { to: 'sql' })).toBeNull();
      });

      it('10 concurrent claims: exactly one winner, who owns the lead', async () => {
        const lead = await store.leads.upsert({ email: 'f@x.test' }, {});
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.leads.claim(lead._id, `U${i}`)));
        const winners = results.filter((r) => r.claimed);
        expect(winners).toHaveLength(1);
        const owner = winners[0]?.lead?.owner;
        expect(owner).toMatch(/^U\d$/);
        for (const r of results) expect(r.lead?.owner).toBe(owner);
        expect((await store.leads.get(lead._id))?.owner).toBe(owner);
        expect(await store.leads.claim('missing-id', 'U1')).toEqual({ lead: null, claimed: false });
      });

      it('lists with filters, sorting, paging and a total', async () => {
        const make = (i: number, patch: LeadPatch) => store.leads.upsert({ email: `lead${i}@list.test` }, patch);
        for (let i = 0; i < 12; i++) await make(i, { score: i * 5, channel: i % 2 ? 'slack' : 'web', name: `Lead ${i}`, company: i === 3 ? 'Acme (Paris)' : 'Other' });
        await sleep(5);
        const before = new Date();
        await sleep(5);
        await store.leads.upsert({ email: 'lead11@list.test' }, { score: 99 }, { to: 'mql' });

        const page = await store.leads.list({ sort: 'score', limit: 5, skip: 2 });
        expect(page.total).toBe(12);
        expect(page.items.map((l) => l.score)).toEqual([45, 40, 35, 30, 25]);
        expect((await store.leads.list({ minScore: 40 })).total).toBe(4);
        expect((await store.leads.list({ channel: 'slack', minScore: 30 })).items.map((l) => l.email).sort()).toEqual(['lead11@list.test', 'lead7@list.test', 'lead9@list.test']);
        expect((await store.leads.list({ stage: 'mql' })).items.map((l) => l.email)).toEqual(['lead11@list.test']);
        expect((await store.leads.list({ email: 'LEAD3@list.test' })).total).toBe(1);
        expect((await store.leads.list({ text: 'acme (PARIS' })).items.map((l) => l.email)).toEqual(['lead3@list.test']);
        expect((await store.leads.list({ text: 'LEAD1' })).total).toBe(3);
        expect((await store.leads.list({ text: '.*' })).total).toBe(0);
        expect((await store.leads.list({ updatedSince: before })).items.map((l) => l.email)).toEqual(['lead11@list.test']);
        const newestFirst = await store.leads.list({ limit: 2 });
        expect(newestFirst.items[0]?.email).toBe('lead11@list.test');
        expect(newestFirst.items).toHaveLength(2);
      });

      it('counts the funnel per stage', async () => {
        await store.leads.upsert({ visitorId: 'web:1' }, {});
        await store.leads.upsert({ email: 'a@f.test' }, {}, { to: 'mcl' });
        await store.leads.upsert({ email: 'b@f.test' }, {}, { to: 'mcl' });
        await store.leads.upsert({ email: 'c@f.test' }, {}, { to: 'mql' });
        expect(await store.leads.funnel()).toEqual({ visitor: 1, mcl: 2, mql: 1, sql: 0, rejected: 0 });
      });

      it('removes a lead (erasure), once', async () => {
        const lead = await store.leads.upsert({ visitorId: 'web:v1', email: 'g@x.test' }, {});
        await store.leads.upsert({ visitorId: 'web:v2', email: 'h@x.test' }, {});
        expect((await store.leads.list({})).total).toBe(2);
        expect(await store.leads.remove(lead._id)).toBe(true);
        expect(await store.leads.remove(lead._id)).toBe(false);
        // The unfiltered total (from collection metadata on MongoDB) follows the erasure at once.
        expect((await store.leads.list({})).total).toBe(1);
        expect(await store.leads.get(lead._id)).toBeNull();
        expect(await store.leads.findByEmail('g@x.test')).toBeNull();
        const again = await store.leads.upsert({ visitorId: 'web:v1', email: 'g@x.test' }, {});
        expect(again._id).not.toBe(lead._id);
      });
    });

    describe('erasure (GDPR): a lead goes with its visitors’ events and conversations', () => {
      const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
      const say = (conversationId: string, text: string, s: number, visitorId?: string) =>
        store.transcripts.append({ conversationId, from: visitorId ? 'user' : 'bot', text, at: at(s), ...(visitorId ? { visitorId } : {}) });

      it('events: removeByVisitor erases only those visitors’ events and counts them', async () => {
        await store.events.append('web:a', { name: 'page', at: at(1) });
        await store.events.append('web:a', { name: 'click', at: at(2) });
        await store.events.append('web:b', { name: 'page', at: at(3) });
        await store.events.append('web:c', { name: 'page', at: at(4) });
        expect(await store.events.removeByVisitor(['web:a', 'web:b', 'web:unknown'])).toBe(3);
        expect(await store.events.listByVisitor(['web:a', 'web:b'])).toEqual([]);
        expect((await store.events.listByVisitor(['web:c'])).map((e) => e.visitorId)).toEqual(['web:c']);
        expect(await store.events.removeByVisitor([])).toBe(0);
        expect(await store.events.removeByVisitor(['web:a'])).toBe(0);
      });

      it('transcripts: keep the visitor id, and removeByVisitor erases every conversation the visitor took part in', async () => {
        await say('c1', 'Bonjour !', 1);
        await say('c1', 'je suis Zoé 🚀 <b>hi</b>', 2, 'web:a');
        await say('c1', 'Merci Zoé', 3);
        await say('c2', 'hello', 4, 'web:a');
        await say('c3', 'someone else', 5, 'web:b');
        await say('c4', 'untagged conversation', 6);
        expect((await store.transcripts.list('c1'))[1]).toEqual({ conversationId: 'c1', from: 'user', text: 'je suis Zoé 🚀 <b>hi</b>', at: at(2), visitorId: 'web:a' });

        expect(await store.transcripts.removeByVisitor(['web:a'])).toBe(4);
        expect(await store.transcripts.list('c1')).toEqual([]);
        expect(await store.transcripts.list('c2')).toEqual([]);
        expect(await store.transcripts.list('c3')).toHaveLength(1);
        expect(await store.transcripts.list('c4')).toHaveLength(1);
        expect(await store.transcripts.removeByVisitor(['web:a', 'web:nobody'])).toBe(0);
      });

      it('leads.remove erases the events and conversations of every visitor id of the lead, merged ones included', async () => {
        await store.leads.upsert({ visitorId: 'web:old', email: 'erase@x.test' }, { name: 'Erase Me' });
        await store.leads.upsert({ visitorId: 'slack:T1:U9' }, {});
        const lead = await store.leads.upsert({ visitorId: 'slack:T1:U9', email: 'erase@x.test' }, {}); // merged: two visitor ids
        expect(lead.visitorIds.sort()).toEqual(['slack:T1:U9', 'web:old']);
        const other = await store.leads.upsert({ visitorId: 'web:other', email: 'keep@x.test' }, { name: 'Keep Me' });
        await store.events.append('web:old', { name: 'page', at: at(1) });
        await store.events.append('slack:T1:U9', { name: 'dm', at: at(2) });
        await store.events.append('web:other', { name: 'page', at: at(3) });
        await say('conv-web', 'my e-mail is erase@x.test', 4, 'web:old');
        await say('conv-web', 'Thanks!', 5);
        await say('conv-slack', 'hi', 6, 'slack:T1:U9');
        await say('conv-other', 'keep this', 7, 'web:other');

        expect(await store.leads.remove(lead._id)).toBe(true);
        expect(await store.leads.get(lead._id)).toBeNull();
        expect(await store.events.listByVisitor(['web:old', 'slack:T1:U9'])).toEqual([]);
        expect(await store.transcripts.list('conv-web')).toEqual([]);
        expect(await store.transcripts.list('conv-slack')).toEqual([]);
        expect(await store.leads.get(other._id)).toEqual(other);
        expect(await store.events.listByVisitor(['web:other'])).toHaveLength(1);
        expect(await store.transcripts.list('conv-other')).toHaveLength(1);
        expect(await store.leads.remove(lead._id)).toBe(false);
      });

      it('rejects hostile visitor ids', async () => {
        await store.events.append('web:a', { name: 'page', at: at(1) });
        await say('c1', 'hi', 1, 'web:a');
        for (const bad of [[HOSTILE], HOSTILE, ['x'.repeat(10_240)], [''], 'web:a', Array.from({ length: 10_001 }, (_, i) => `web:${i}`)]) {
          await expect(store.events.removeByVisitor(bad as never), JSON.stringify(bad).slice(0, 40)).rejects.toThrow(TypeError);
          await expect(store.transcripts.removeByVisitor(bad as never), JSON.stringify(bad).slice(0, 40)).rejects.toThrow(TypeError);
        }
        await expect(store.transcripts.append({ conversationId: 'c1', from: 'user', text: 'x', at: at(2), visitorId: HOSTILE })).rejects.toThrow(TypeError);
        expect(await store.events.listByVisitor(['web:a'])).toHaveLength(1);
        expect(await store.transcripts.list('c1')).toHaveLength(1);
      });
    });

    describe('leads: hostile input', () => {
      it('rejects non-strings where strings are expected, so operators never reach a query', async () => {
        await store.leads.upsert({ email: 'victim@x.test' }, { name: 'Victim' });
        await expect(store.leads.get(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.leads.findByEmail(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.leads.findByVisitorId(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({ email: HOSTILE }, {})).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({ visitorId: HOSTILE }, {})).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({ visitorId: 'web:h' }, { name: HOSTILE })).rejects.toThrow(TypeError);
        await expect(store.leads.claim(HOSTILE, 'U1')).rejects.toThrow(TypeError);
        await expect(store.leads.remove(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.leads.changeStage(HOSTILE, { to: 'sql' })).rejects.toThrow(TypeError);
        await expect(store.leads.list({ email: HOSTILE })).rejects.toThrow(TypeError);
        await expect(store.leads.list({ stage: { $ne: null } as never })).rejects.toThrow(TypeError);
        await expect(store.leads.list({ minScore: { $gt: -1 } as never })).rejects.toThrow(TypeError);
        await expect(store.leads.list({ sort: '$where' as never })).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({}, {})).rejects.toThrow(TypeError);
        expect((await store.leads.findByEmail('victim@x.test'))?.name).toBe('Victim');
        expect((await store.leads.list({})).total).toBe(1);
      });

      it('rejects unknown, operator, dotted and prototype-polluting field names in patches', async () => {
        const bad: unknown[] = [
          { $set: { stage: 'sql' } },
          { 'segment.country': 'FR' },
          { stage: 'sql' },
          { _id: 'mine' },
          JSON.parse('{"__proto__": {"polluted": true}}'),
          { segment: JSON.parse('{"__proto__": {"polluted": true}}') },
          { behaviour: { pageViews: 1, timeOnSiteSec: 1, visits: 1, utm: { $gt: '' } } },
          { behaviour: { pageViews: 1, timeOnSiteSec: 1, visits: 1, utm: { 'a.b': 'c' } } },
          { budget: { amount: '1000', currency: 'EUR' } },
          { consent: { given: true, at: 'yesterday' } },
        ];
        for (const patch of bad) await expect(store.leads.upsert({ visitorId: 'web:h' }, patch as LeadPatch), JSON.stringify(patch)).rejects.toThrow(TypeError);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((await store.leads.list({})).total).toBe(0);
      });

      it('rejects oversized values (10 kB) instead of storing them', async () => {
        const big = 'x'.repeat(10_240);
        await expect(store.leads.upsert({ visitorId: 'web:h' }, { name: big })).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({ visitorId: 'web:h' }, { project: { text: big } })).rejects.toThrow(TypeError);
        await expect(store.leads.upsert({ email: `${big}@x.test` }, {})).rejects.toThrow(TypeError);
        await expect(store.leads.list({ text: big })).rejects.toThrow(TypeError);
        expect((await store.leads.list({})).total).toBe(0);
      });
    });

    describe('events', () => {
      it('appends events and lists the most recent first for several visitors', async () => {
        const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
        await store.events.append('web:a', { name: 'page', at: at(1), props: { url: '/pricing' } });
        await store.events.append('web:b', { name: 'click', at: at(2) });
        const third = await store.events.append('web:a', { name: 'form', at: at(3), props: { ok: true, n: 2 } });
        await store.events.append('web:c', { name: 'other', at: at(4) });
        expect(third).toMatchObject({ visitorId: 'web:a', name: 'form', at: at(3), props: { ok: true, n: 2 } });
        expect(typeof third._id).toBe('string');
        const events = await store.events.listByVisitor(['web:a', 'web:b']);
        expect(events.map((e) => e.name)).toEqual(['form', 'click', 'page']);
        expect((await store.events.listByVisitor(['web:a', 'web:b'], 1)).map((e) => e.name)).toEqual(['form']);
        expect(await store.events.listByVisitor([])).toEqual([]);
      });

      it('rejects hostile visitor ids, event names and property keys', async () => {
        await expect(store.events.append(HOSTILE, { name: 'x', at: new Date() })).rejects.toThrow(TypeError);
        await expect(store.events.append('web:a', { name: HOSTILE, at: new Date() })).rejects.toThrow(TypeError);
        await expect(store.events.append('web:a', { name: 'x', at: new Date(), props: { $where: 'sleep(1)' } })).rejects.toThrow(TypeError);
        await expect(store.events.append('web:a', { name: 'x', at: new Date(), props: JSON.parse('{"__proto__": "x"}') })).rejects.toThrow(TypeError);
        await expect(store.events.listByVisitor([HOSTILE])).rejects.toThrow(TypeError);
        expect(await store.events.listByVisitor(['web:a'])).toEqual([]);
      });
    });

    describe('transcripts', () => {
      it('appends and lists a conversation in order, after a watermark', async () => {
        const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
        const long = `${'é'.repeat(10_000)} <img src=x onerror=alert(1)> 🎉`;
        await store.transcripts.append({ conversationId: 'c1', from: 'bot', text: 'Bonjour !', at: at(1), seq: 1, slot: 'consent' });
        await store.transcripts.append({ conversationId: 'c1', from: 'user', text: long, at: at(2), seq: 2 });
        await store.transcripts.append({ conversationId: 'c2', from: 'user', text: 'other', at: at(2) });
        await store.transcripts.append({ conversationId: 'c1', from: 'bot', text: '{"$gt": ""}', at: at(3), seq: 3 });
        const all = await store.transcripts.list('c1');
        expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(all[0]).toEqual({ conversationId: 'c1', from: 'bot', text: 'Bonjour !', at: at(1), seq: 1, slot: 'consent' });
        expect(all[1]?.text).toBe(long);
        expect((await store.transcripts.list('c1', 1)).map((e) => e.seq)).toEqual([2, 3]);
        expect((await store.transcripts.list('c1', 0, 1)).map((e) => e.seq)).toEqual([1]);
      });

      it("keeps every line and the summary of a visitor's conversations once the visitor leaves an e-mail, and only theirs", async () => {
        const at = new Date();
        for (const [conversationId, visitorId] of [['kept', 'web:v9'], ['other', 'web:v10']] as const) {
          await store.transcripts.append({ conversationId, from: 'bot', text: 'Bonjour !', at });
          await store.transcripts.append({ conversationId, from: 'user', visitorId, text: 'salut', at: new Date(at.getTime() + 1) });
          await store.transcripts.append({ conversationId, from: 'bot', text: 'Votre e-mail ?', at: new Date(at.getTime() + 2) });
        }
        await store.leads.upsert({ visitorId: 'web:v9', email: 'kept@example.com' }, {});

        const repository = store.transcripts as unknown as DocTranscriptRepository;
        const lines = (repository as unknown as { transcripts: DocCollection<Doc & { conversationId: string; expiresAt?: Date }> }).transcripts;
        const expiring = async (conversationId: string) => (await lines.find({ conversationId })).map((line) => line.expiresAt instanceof Date);
        expect(await expiring('kept')).toEqual([false, false, false]);
        expect(await expiring('other')).toEqual([true, true, true]);
        expect((await repository.summaries.get('kept'))?.expiresAt).toBeUndefined();
        expect((await repository.summaries.get('other'))?.expiresAt).toBeInstanceOf(Date);
        // Kept already: nothing left to keep.
        expect(await repository.keepVisitors(['web:v9'])).toBe(0);
      });

      it('rejects malformed entries', async () => {
        const ok = { conversationId: 'c1', from: 'user' as const, text: 'hi', at: new Date() };
        await expect(store.transcripts.append({ ...ok, conversationId: HOSTILE })).rejects.toThrow(TypeError);
        await expect(store.transcripts.append({ ...ok, from: 'admin' as never })).rejects.toThrow(TypeError);
        await expect(store.transcripts.append({ ...ok, text: { $gt: '' } as never })).rejects.toThrow(TypeError);
        await expect(store.transcripts.append({ ...ok, at: 'now' as never })).rejects.toThrow(TypeError);
        await expect(store.transcripts.append({ ...ok, scriptVersion: { $gt: '' } as never })).rejects.toThrow(TypeError);
        await expect(store.transcripts.append({ ...ok, scriptVersion: 'v'.repeat(101) })).rejects.toThrow(TypeError);
        await expect(store.transcripts.list(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.transcripts.list('c1', { $gt: 0 } as never)).rejects.toThrow(TypeError);
        expect(await store.transcripts.list('c1')).toEqual([]);
        // Nothing refused was summed up either.
        expect(await store.transcripts.conversationCounts(new Date(0), new Date(Date.now() + 60_000))).toEqual([]);
      });
    });

    describe('reports: counted by the store', () => {
      const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
      const period = [new Date(Date.UTC(2025, 0, 1)), new Date(Date.UTC(2025, 0, 2))] as const;

      it('counts the period’s leads per day, furthest level reached and score, and their times to qualify', async () => {
        const rejected = await store.leads.upsert({ visitorId: 'web:r1', email: 'r1@example.com' }, { score: 55 }, { to: 'mcl' });
        await store.leads.upsert({ visitorId: 'web:r1' }, {}, { to: 'mql' });
        await store.leads.changeStage(rejected._id, { to: 'rejected', reason: 'no budget' });
        await store.leads.upsert({ visitorId: 'web:v1' }, { score: 5 });
        const accepted = await store.leads.upsert({ visitorId: 'web:a1', email: 'a1@example.com' }, { score: 91 }, { to: 'mcl' });
        await store.leads.changeStage(accepted._id, { to: 'sql' });
        const today = new Date().toISOString().slice(0, 10);
        const from = new Date(Date.now() - 60_000);
        const to = new Date(Date.now() + 60_000);
        const counts = await store.leads.reportCounts(from, to);
        const sorted = counts.sort((a, b) => a.score - b.score);
        // The rejected MQL still counts as qualified (level 2); the SQL never was an MQL.
        expect(sorted).toEqual([{ day: today, level: 0, score: 5, leads: 1 }, { day: today, level: 2, score: 55, leads: 1 }, { day: today, level: 3, score: 91, leads: 1 }]);
        const times = await store.leads.qualifyTimes(from, to);
        expect(times).toHaveLength(1);
        expect(times[0]!.leads).toBe(1);
        expect(times[0]!.ms).toBeGreaterThanOrEqual(0);
        expect(await store.leads.reportCounts(to, new Date(to.getTime() + 1000))).toEqual([]);
      });

      it('sums up each conversation as its lines arrive, in or out of order, and counts the drop-off per question', async () => {
        const say = (conversationId: string, s: number, from: 'user' | 'bot', slot?: string, text = 'x') =>
          store.transcripts.append({ conversationId, from, text, at: at(s), ...(slot ? { slot } : {}), ...(from === 'user' ? { visitorId: `web:${conversationId}` } : { scriptVersion: 'v-one' }) });
        await say('a', 1, 'bot', 'consent');
        await say('a', 2, 'user');
        await say('a', 3, 'bot', 'name');
        await say('a', 4, 'user');
        await say('a', 5, 'bot', 'name');
        // b's lines arrive out of order: the summary is folded again in time order.
        await say('b', 13, 'bot', 'email');
        await say('b', 11, 'bot', 'consent');
        await say('b', 12, 'user');
        // Only the bot spoke: not a conversation.
        await say('c', 20, 'bot', 'consent');
        const counts = await store.transcripts.conversationCounts(...period);
        expect(counts).toEqual([{ day: '2025-01-01', scriptVersion: 'v-one', conversations: 2 }]);
        expect((await store.transcripts.conversationVisitors(...period)).sort((x, y) => x.visitorId.localeCompare(y.visitorId))).toEqual([
          { visitorId: 'web:a', scriptVersion: 'v-one', conversations: 1 },
          { visitorId: 'web:b', scriptVersion: 'v-one', conversations: 1 },
        ]);
        const dropoff = await store.transcripts.dropoffCounts(...period);
        expect(dropoff.conversations).toBe(2);
        const steps = dropoff.steps.map((s) => `${s.slot}:${s.outcome}:${s.conversations}:${s.reasked}`).sort();
        expect(steps).toEqual(['consent:answered:2:0', 'email:pending:1:0', 'name:pending:1:1']);
        expect(dropoff.left.sort((x, y) => x.slot.localeCompare(y.slot))).toEqual([{ slot: 'email', conversations: 1 }, { slot: 'name', conversations: 1 }]);
        expect((await store.transcripts.dropoffCounts(at(100), at(200))).conversations).toBe(0);
      });

      it('sums every conversation up again from its lines, to the same counts', async () => {
        for (const id of ['r1', 'r2']) {
          await store.transcripts.append({ conversationId: id, from: 'bot', text: 'q', slot: 'consent', at: at(1), scriptVersion: 'v-two' });
          await store.transcripts.append({ conversationId: id, from: 'user', text: 'oui', at: at(2), visitorId: `web:${id}` });
          await store.transcripts.append({ conversationId: id, from: 'bot', text: 'q', slot: id === 'r1' ? 'name' : 'consent', at: at(3) });
        }
        const before = [await store.transcripts.dropoffCounts(...period), await store.transcripts.conversationCounts(...period)];
        expect(await store.transcripts.rebuildSummaries()).toBe(2);
        const after = [await store.transcripts.dropoffCounts(...period), await store.transcripts.conversationCounts(...period)];
        const sorted = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (Array.isArray(v) ? [...v].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)) : v));
        expect(sorted(after)).toBe(sorted(before));
        expect((before[0] as { steps: unknown[] }).steps).toHaveLength(3);
      });

      it('keeps a conversation’s summary right when its lines are appended concurrently', async () => {
        await store.transcripts.append({ conversationId: 'k', from: 'bot', text: 'q', slot: 'consent', at: at(1) });
        await Promise.all(Array.from({ length: 12 }, (_, i) => store.transcripts.append({ conversationId: 'k', from: i % 2 ? 'bot' : 'user', text: 'x', at: at(2 + i), ...(i % 2 ? { slot: `s${i}` } : { visitorId: 'web:k' }) })));
        const dropoff = await store.transcripts.dropoffCounts(...period);
        expect(dropoff.conversations).toBe(1);
        expect(dropoff.steps.map((s) => `${s.slot}:${s.outcome}`).sort()).toEqual(['consent:answered', 's1:answered', 's3:answered', 's5:answered', 's7:answered', 's9:answered', 's11:pending'].sort());
      });

      it('reads a turn’s lines, appended together at the same instant, in the order they were appended', async () => {
        const turn = (s: number, slot: string) =>
          Promise.all([
            store.transcripts.append({ conversationId: 't', from: 'user', text: 'x', at: at(s), visitorId: 'web:t' }),
            store.transcripts.append({ conversationId: 't', from: 'bot', text: 'q', slot, at: at(s) }),
          ]);
        await store.transcripts.append({ conversationId: 't', from: 'bot', text: 'q', slot: 'consent', at: at(1) });
        await turn(2, 'name');
        await turn(3, 'email');
        const dropoff = await store.transcripts.dropoffCounts(...period);
        expect(dropoff.steps.map((s) => `${s.slot}:${s.outcome}:${s.reasked}`).sort()).toEqual(['consent:answered:0', 'email:pending:0', 'name:answered:0']);
        expect(dropoff.left).toEqual([{ slot: 'email', conversations: 1 }]);
      });

      it('erases a conversation’s summary with the lead', async () => {
        const lead = await store.leads.upsert({ visitorId: 'web:gone', email: 'gone@example.com' }, {}, { to: 'mcl' });
        await store.transcripts.append({ conversationId: 'g', from: 'user', text: 'hi', at: at(1), visitorId: 'web:gone' });
        expect((await store.transcripts.conversationCounts(...period))[0]?.conversations).toBe(1);
        await store.leads.remove(lead._id);
        expect(await store.transcripts.conversationCounts(...period)).toEqual([]);
      });
    });

    describe('outbox', () => {
      it('enqueues idempotently by key', async () => {
        expect(await store.outbox.enqueue('slack-alert', 'slack-alert:L1:mql', { leadId: 'L1' })).toBe(true);
        expect(await store.outbox.enqueue('slack-alert', 'slack-alert:L1:mql', { leadId: 'other' })).toBe(false);
        expect(await store.outbox.get('slack-alert:L1:mql')).toMatchObject({ topic: 'slack-alert', payload: { leadId: 'L1' }, status: 'pending', attempts: 0 });
      });

      it('claims only due items of the wanted topics, with a lease, counting attempts', async () => {
        await store.outbox.enqueue('webhook', 'w1', { n: 1 });
        await store.outbox.enqueue('slack-alert', 'later', { n: 2 }, new Date(Date.now() + 60_000));
        expect(await store.outbox.claim(['slack-alert'], 'worker-1', 10_000)).toBeNull();
        const item = await store.outbox.claim(['webhook', 'slack-alert'], 'worker-1', 10_000);
        expect(item).toMatchObject({ _id: 'w1', status: 'processing', leaseOwner: 'worker-1', attempts: 1 });
        expect(item?.leaseUntil?.getTime()).toBeGreaterThan(Date.now());
        expect(await store.outbox.claim(['webhook'], 'worker-2', 10_000)).toBeNull();
        expect(await store.outbox.complete('w1', 'worker-2')).toBe(false);
        expect(await store.outbox.renew('w1', 'worker-1', 20_000)).toBe(true);
        expect(await store.outbox.renew('w1', 'worker-2', 20_000)).toBe(false);
        expect(await store.outbox.complete('w1', 'worker-1', { ts: '123.456' })).toBe(true);
        expect(await store.outbox.get('w1')).toMatchObject({ status: 'done', result: { ts: '123.456' } });
        expect((await store.outbox.get('w1'))?.leaseOwner).toBeUndefined();
        expect(await store.outbox.complete('w1', 'worker-1')).toBe(false);
      });

      it('fail() schedules a retry or gives up, only for the lease holder', async () => {
        await store.outbox.enqueue('webhook', 'w1', {});
        await store.outbox.claim(['webhook'], 'a', 10_000);
        expect(await store.outbox.fail('w1', 'b', 'nope', null)).toBe(false);
        expect(await store.outbox.fail('w1', 'a', 'HTTP 503', new Date(Date.now() - 1))).toBe(true);
        expect(await store.outbox.get('w1')).toMatchObject({ status: 'pending', lastError: 'HTTP 503', attempts: 1 });
        const again = await store.outbox.claim(['webhook'], 'a', 10_000);
        expect(again?.attempts).toBe(2);
        expect(await store.outbox.fail('w1', 'a', 'HTTP 400', null)).toBe(true);
        expect(await store.outbox.get('w1')).toMatchObject({ status: 'dead', lastError: 'HTTP 400' });
        expect(await store.outbox.claim(['webhook'], 'a', 10_000)).toBeNull();
      });

      it('an expired lease is re-claimed and the old holder can no longer complete', async () => {
        await store.outbox.enqueue('webhook', 'w1', {});
        await store.outbox.claim(['webhook'], 'slow', 1);
        await sleep(20);
        const taken = await store.outbox.claim(['webhook'], 'fast', 10_000);
        expect(taken).toMatchObject({ _id: 'w1', leaseOwner: 'fast', attempts: 2 });
        expect(await store.outbox.complete('w1', 'slow')).toBe(false);
        expect(await store.outbox.renew('w1', 'slow', 10_000)).toBe(false);
        expect(await store.outbox.complete('w1', 'fast')).toBe(true);
      });

      it('N concurrent workers over M items: each item completed exactly once', async () => {
        const M = 30;
        for (let i = 0; i < M; i++) await store.outbox.enqueue('job', `job-${i}`, { i });
        const completions = new Map<string, number>();
        const worker = async (name: string) => {
          for (let item = await store.outbox.claim(['job'], name, 60_000); item; item = await store.outbox.claim(['job'], name, 60_000)) {
            if (await store.outbox.complete(item._id, name)) completions.set(item._id, (completions.get(item._id) ?? 0) + 1);
          }
        };
        await Promise.all(Array.from({ length: 6 }, (_, i) => worker(`w${i}`)));
        expect(completions.size).toBe(M);
        expect([...completions.values()].every((n) => n === 1)).toBe(true);
        for (let i = 0; i < M; i++) expect(await store.outbox.get(`job-${i}`)).toMatchObject({ status: 'done', attempts: 1 });
      });

      it('rejects hostile keys, topics and payload field names', async () => {
        await expect(store.outbox.enqueue('t', HOSTILE, {})).rejects.toThrow(TypeError);
        await expect(store.outbox.enqueue(HOSTILE, 'k', {})).rejects.toThrow(TypeError);
        await expect(store.outbox.enqueue('t', 'k', { $set: { status: 'done' } })).rejects.toThrow(TypeError);
        await expect(store.outbox.enqueue('t', 'k', { nested: [{ 'a.b': 1 }] })).rejects.toThrow(TypeError);
        await expect(store.outbox.claim([HOSTILE], 'w', 1000)).rejects.toThrow(TypeError);
        await expect(store.outbox.get(HOSTILE)).rejects.toThrow(TypeError);
        expect(await store.outbox.get('k')).toBeNull();
      });
    });

    describe('state (optimistic concurrency)', () => {
      it('creates with a null eTag, updates with the current eTag, refuses stale and duplicate writes', async () => {
        expect(await store.conversations.read('conv/1')).toBeNull();
        const value = { step: 2, at: new Date(0), answers: { $gt: '', 'a.b': 'dotted', __proto__x: 1 }, text: '<b>🙂</b>' };
        const v1 = await store.conversations.write('conv/1', value, null);
        expect(await store.conversations.read('conv/1')).toEqual({ value, eTag: v1 });
        await expect(store.conversations.write('conv/1', { step: 0 }, null)).rejects.toThrow(ConcurrencyError);
        const v2 = await store.conversations.write('conv/1', { step: 3 }, v1);
        expect(v2).not.toBe(v1);
        await expect(store.conversations.write('conv/1', { step: 99 }, v1)).rejects.toBeInstanceOf(ConcurrencyError);
        expect((await store.conversations.read<{ step: number }>('conv/1'))?.value.step).toBe(3);
        await expect(store.conversations.write('missing', { step: 1 }, v2)).rejects.toBeInstanceOf(ConcurrencyError);
      });

      it('of concurrent writers based on the same version, exactly one wins', async () => {
        const base = await store.conversations.write('conv/2', { n: 0 }, null);
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.conversations.write('conv/2', { n: i + 1 }, base)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        const creates = await Promise.allSettled(Array.from({ length: 5 }, () => store.conversations.write('conv/3', {}, null)));
        expect(creates.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });

      it('deletes, conditionally on the eTag when given', async () => {
        const v1 = await store.conversations.write('conv/4', { a: 1 }, null);
        await store.conversations.write('conv/4', { a: 2 }, v1);
        await expect(store.conversations.delete('conv/4', v1)).rejects.toBeInstanceOf(ConcurrencyError);
        const current = await store.conversations.read('conv/4');
        await store.conversations.delete('conv/4', current?.eTag);
        expect(await store.conversations.read('conv/4')).toBeNull();
        await store.conversations.write('conv/4', { a: 3 }, null);
        await store.conversations.delete('conv/4');
        expect(await store.conversations.read('conv/4')).toBeNull();
      });

      it('rejects hostile keys and eTags', async () => {
        await expect(store.conversations.read(HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.conversations.write('k', {}, HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.conversations.write('k', undefined, null)).rejects.toThrow(TypeError);
        await expect(store.conversations.delete('k', HOSTILE)).rejects.toThrow(TypeError);
        await expect(store.conversations.write('x'.repeat(2000), {}, null)).rejects.toThrow(TypeError);
      });
    });
  });
}
