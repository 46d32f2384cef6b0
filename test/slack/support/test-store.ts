/** The store the Slack tests run on: the real embedded SQLite store (data/open-store.ts) in a temp dir. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Lead, Stage } from '../../../core/lead/model.js';
import type { Store } from '../../../core/ports/store.js';
import { openStore, type OpenStoreOptions } from '../../../data/open-store.js';

export interface TestStore {
  store: Store;
  /** Close the store and open the same data again, as a restarted process would. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export async function openTestStore(options: Omit<OpenStoreOptions, 'dataDir'> = {}): Promise<TestStore> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'leadq-slack-'));
  const handles: Store[] = [await openStore({ ...options, dataDir })];
  return {
    store: handles[0] as Store,
    async reopen() {
      await Promise.all(handles.splice(0).map((h) => h.close()));
      const next = await openStore({ ...options, dataDir });
      handles.push(next);
      return next;
    },
    async cleanup() {
      await Promise.all(handles.map((h) => h.close()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
