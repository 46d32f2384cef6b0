/**
 * `/leads`: this week's hot leads, or `/leads <text>` to search by name, e-mail or company;
 * `/leads leave <lead id | conversation>` hands a visitor back to the bot (live hand-off).
 * Answered ephemerally, and only to members of the sales channel: visitors chat with the same app.
 */
import type { App, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Lead } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';
import { consoleLeadUrl } from './alert-message.js';
import type { HandoffService } from '../../bot/handoff/handoff-service.js';
import { leaveAnswer, leaveTarget } from './handoff-actions.js';
import { isBlock, mrkdwnSection, safeText, type Block } from './blocks.js';

export interface LeadsCommandDeps {
  store: Store;
  client: webApi.WebClient;
  salesChannel?: string;
  publicUrl?: string;
  handoff?: HandoffService;
}

const WEEK_MS = 7 * 24 * 60 * 60_000;
const SHOWN = 10;
const MAX_QUERY = 100;

export function registerLeadsCommand(app: App, deps: LeadsCommandDeps): void {
  const members = new SalesMembers(deps.client, deps.salesChannel);
  app.command('/leads', async ({ command, ack }) => {
    if (!(await members.includes(command.user_id))) {
      await ack({ response_type: 'ephemeral', text: 'Only members of the sales channel can look up leads.' });
      return;
    }
    const leave = /^leave(\s|$)/i.exec(command.text.trim());
    if (leave && deps.handoff) {
      const target = leaveTarget(command.text.trim().slice(leave[0].length));
      if (!target) return void (await ack({ response_type: 'ephemeral', text: 'Usage: `/leads leave <lead id or conversation, e.g. web:abc123>`' }));
      const { outcome } = await deps.handoff.leave(target, command.user_id);
      return void (await ack({ response_type: 'ephemeral', text: leaveAnswer(outcome, command.user_id) }));
    }
    const query = command.text.trim().slice(0, MAX_QUERY);
    const { title, leads } = query ? await search(deps.store, query) : await hotThisWeek(deps.store);
    await ack({ response_type: 'ephemeral', text: safeText(title, 300), blocks: renderList(title, leads, deps.publicUrl) });
  });
}

async function hotThisWeek(store: Store): Promise<{ title: string; leads: Lead[] }> {
  const { items } = await store.leads.list({ updatedSince: new Date(Date.now() - WEEK_MS), sort: 'score', limit: 200 });
  return { title: '🔥 Hot leads of the week', leads: items.filter((l) => l.temperature === 'hot').slice(0, SHOWN) };
}

async function search(store: Store, text: string): Promise<{ title: string; leads: Lead[] }> {
  const { items, total } = await store.leads.list({ text, sort: 'updatedAt', limit: SHOWN });
  return { title: `🔎 ${total} lead${total === 1 ? '' : 's'} matching “${text}”`, leads: items };
}

function renderList(title: string, leads: Lead[], publicUrl?: string): Block[] {
  const rows = leads.map((lead) => {
    const who = safeText([lead.name, lead.company].filter(Boolean).join(' — ') || lead.email || lead._id, 200);
    const contact = lead.email ? ` · ${safeText(lead.email, 200)}` : '';
    const link = publicUrl ? ` · <${consoleLeadUrl(publicUrl, lead._id)}|open>` : '';
    const owner = lead.owner ? ` · <@${safeText(lead.owner, 40)}>` : '';
    return mrkdwnSection(`*${who}*${contact}\n${lead.score}/100 ${lead.temperature} · ${lead.stage}${owner}${link}`);
  });
  return [mrkdwnSection(`*${safeText(title, 300)}*`), ...(rows.length > 0 ? rows : [mrkdwnSection('_No lead found._')])].filter(isBlock);
}

/** Membership of the sales channel, cached a minute (conversations.members is paged and rate-limited). */
class SalesMembers {
  private readonly cache = new LRUCache<string, Set<string>>({ max: 1, ttl: 60_000 });

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel?: string,
  ) {}

  async includes(user: string): Promise<boolean> {
    if (!this.channel) return false;
    let members = this.cache.get(this.channel);
    if (!members) {
      members = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await this.client.conversations.members({ channel: this.channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const id of page.members ?? []) members.add(id);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      this.cache.set(this.channel, members);
    }
    return members.has(user);
  }
}
