/**
 * `leadq rescore [--dry-run]`: recompute every stored lead with the current scoring rules. The
 * dry run lists what would change (lead, old → new score / temperature / stage); the real run
 * applies it with the lead lifecycle's rules (stages only move forward, alerts for new MQLs) and
 * queues a `lead.updated` webhook for every lead whose score, temperature or stage changed.
 */
import type { Writable } from 'node:stream';
import { openStore } from '../../data/open-store.js';
import type { AppConfig } from '../config.js';
import { scoringFile } from '../edited-files/files.js';
import { formatIssue, issuesOf } from '../edited-files/issues.js';
import { LeadService, type ScoreState } from '../lead/lead-service.js';
import { leadEvents as createLeadEvents } from '../outbox/lead-webhook.js';
import type { Lead } from '../../core/lead/model.js';
import { scoreLead } from '../scoring/index.js';

const PAGE = 200;

export async function rescoreLeads(config: AppConfig, dryRun: boolean, out: Writable): Promise<number> {
  const rulesFile = scoringFile(config.scoringFile);
  let rules;
  try {
    rules = await rulesFile.load();
  } catch (error) {
    for (const issue of issuesOf(error, rulesFile.path)) out.write(`${formatIssue(issue)}\n`);
    out.write('no lead was rescored: fix the scoring rules first (leadq check)\n');
    return 1;
  }
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, dbName: config.mongodbDb });
  try {
    // Changed leads are announced to the CRM (`lead.updated`) through the outbox; the running bot delivers them.
    const leadEvents = createLeadEvents(store.outbox, config.webhooks.urls);
    const leads = new LeadService({ leads: store.leads, outbox: store.outbox, events: store.events, leadEvents, scorer: () => (lead) => scoreLead(lead, rules) });
    let seen = 0;
    let changed = 0;
    // Creation order is stable while the real run rewrites updatedAt.
    for (let skip = 0; ; skip += PAGE) {
      const { items } = await store.leads.list({ sort: 'createdAt', limit: PAGE, skip });
      for (const stored of items) {
        seen += 1;
        const { before, after } = await leads.rescoreLead(stored, 'after the scoring rules changed', dryRun);
        const diff = describeChange(before, after);
        if (diff === undefined) continue;
        changed += 1;
        out.write(`${describeLead(stored)}: ${diff}\n`);
      }
      if (items.length < PAGE) break;
    }
    out.write(dryRun ? `${changed} of ${seen} leads would change (dry run, nothing written)\n` : `${changed} of ${seen} leads rescored\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function describeLead(lead: Lead): string {
  const who = lead.company ?? lead.name;
  return who ? `${lead._id} (${who})` : lead._id;
}

/** `score 42 → 55, temperature warm → hot, stage mcl → mql`, or undefined when nothing changes. */
export function describeChange(before: ScoreState, after: ScoreState): string | undefined {
  const parts = (['score', 'temperature', 'stage'] as const).filter((key) => before[key] !== after[key]).map((key) => `${key} ${String(before[key])} → ${String(after[key])}`);
  return parts.length ? parts.join(', ') : undefined;
}
