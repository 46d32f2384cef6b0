/**
 * Claim / Accept (SQL) / Reject from the alert message. Every action goes through the store's
 * atomic operations (claim, conditional stage change), then redraws the message from the lead.
 */
import type { App, BlockAction, ButtonAction, types, webApi } from '@slack/bolt';
import type { Lead } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';
import type { Logger } from '../../core/log.js';
import { ACTION_ACCEPT, ACTION_CLAIM, ACTION_REJECT, decodeAlertRef, renderLeadAlert, type AlertRef, type TeamLanguage } from './alert-message.js';
import { safeText, truncate } from './blocks.js';

export const REJECT_MODAL = 'lead_reject_modal';
const REASON_BLOCK = 'reason';
const NOTE_BLOCK = 'note';

export const REJECTION_REASONS: readonly { value: string; label: string }[] = [
  { value: 'no-budget', label: 'No budget' },
  { value: 'not-a-fit', label: 'Not a fit for our offer' },
  { value: 'too-early', label: 'No project yet / too early' },
  { value: 'spam', label: 'Spam or fake contact' },
  { value: 'competitor', label: 'Competitor' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'other', label: 'Other' },
];

const OPEN_STAGES = ['visitor', 'mcl', 'mql'] as const;

interface AlertLocation {
  channel: string;
  ts: string;
}

interface RejectContext extends AlertLocation {
  ref: AlertRef;
}

export interface LeadActionsDeps {
  store: Store;
  publicUrl?: string;
  /** The team's language for alerts (default English). */
  language?: TeamLanguage;
  logger: Logger;
}

export function registerLeadActions(app: App, deps: LeadActionsDeps): void {
  const { store } = deps;

  app.action<BlockAction<ButtonAction>>(ACTION_CLAIM, async ({ ack, body, action, client }) => {
    await ack();
    const target = alertTarget(body, action);
    if (!target) return;
    const { lead, claimed } = await store.leads.claim(target.ref.leadId, body.user.id);
    if (!lead) return ephemeral(client, target, body.user.id, 'This lead no longer exists.');
    if (!claimed && lead.owner !== body.user.id) {
      await ephemeral(client, target, body.user.id, `Too late: this lead is already claimed by <@${safeText(lead.owner ?? '?', 40)}>.`);
    }
    await redraw(client, target, lead, target.ref, deps);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_ACCEPT, async ({ ack, body, action, client }) => {
    await ack();
    const target = alertTarget(body, action);
    if (!target) return;
    const lead = await ownedBy(store, client, target, body.user.id);
    if (!lead) return;
    const accepted = await store.leads.changeStage(lead._id, { to: 'sql', from: OPEN_STAGES, by: body.user.id });
    if (!accepted) await ephemeral(client, target, body.user.id, 'This lead was already accepted or rejected.');
    await redraw(client, target, accepted ?? (await store.leads.get(lead._id)), target.ref, deps);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_REJECT, async ({ ack, body, action, client }) => {
    await ack();
    const target = alertTarget(body, action);
    if (!target) return;
    if (!(await ownedBy(store, client, target, body.user.id))) return;
    const context: RejectContext = { ref: target.ref, channel: target.channel, ts: target.ts };
    await client.views.open({ trigger_id: body.trigger_id, view: rejectModal(context) });
  });

  app.view(REJECT_MODAL, async ({ ack, body, view, client }) => {
    const context = parseRejectContext(view.private_metadata);
    const reasonValue = view.state.values[REASON_BLOCK]?.[REASON_BLOCK]?.selected_option?.value;
    const reason = REJECTION_REASONS.find((r) => r.value === reasonValue);
    if (!context || !reason) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Pick a reason' } });
      return;
    }
    await ack();
    const note = view.state.values[NOTE_BLOCK]?.[NOTE_BLOCK]?.value?.trim();
    const fullReason = note ? `${reason.label}: ${truncate(note, 500)}` : reason.label;
    const rejected = await store.leads.changeStage(context.ref.leadId, { to: 'rejected', from: OPEN_STAGES, by: body.user.id, reason: fullReason });
    if (!rejected) await ephemeral(client, context, body.user.id, 'This lead was already accepted or rejected.');
    await redraw(client, context, rejected ?? (await store.leads.get(context.ref.leadId)), context.ref, deps);
  });
}

/** The alert a button belongs to; null for anything we did not draw. */
function alertTarget(body: BlockAction, action: ButtonAction): (AlertLocation & { ref: AlertRef }) | null {
  const ref = decodeAlertRef(action.value);
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!ref || typeof channel !== 'string' || typeof ts !== 'string') return null;
  return { ref, channel, ts };
}

/** Claim on the way if nobody owns the lead; refuse (ephemerally) when another rep does. */
async function ownedBy(store: Store, client: webApi.WebClient, target: AlertLocation & { ref: AlertRef }, user: string): Promise<Lead | null> {
  const { lead } = await store.leads.claim(target.ref.leadId, user);
  if (!lead) {
    await ephemeral(client, target, user, 'This lead no longer exists.');
    return null;
  }
  if (lead.owner !== user) {
    await ephemeral(client, target, user, `This lead is claimed by <@${safeText(lead.owner ?? '?', 40)}>: only they can accept or reject it.`);
    return null;
  }
  return lead;
}

async function redraw(client: webApi.WebClient, at: AlertLocation, lead: Lead | null, ref: AlertRef, deps: LeadActionsDeps): Promise<void> {
  if (!lead) return;
  const message = renderLeadAlert(lead, ref, deps.publicUrl, deps.language);
  await client.chat.update({ channel: at.channel, ts: at.ts, text: message.text, blocks: message.blocks });
}

async function ephemeral(client: webApi.WebClient, at: AlertLocation, user: string, text: string): Promise<void> {
  await client.chat.postEphemeral({ channel: at.channel, user, text });
}

function rejectModal(context: RejectContext): types.View {
  return {
    type: 'modal',
    callback_id: REJECT_MODAL,
    private_metadata: JSON.stringify(context),
    title: { type: 'plain_text', text: 'Reject lead' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'static_select',
          action_id: REASON_BLOCK,
          options: REJECTION_REASONS.map((r) => ({ text: { type: 'plain_text', text: r.label }, value: r.value })),
        },
      },
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Note' },
        element: { type: 'plain_text_input', action_id: NOTE_BLOCK, multiline: true, max_length: 500 },
      },
    ],
  };
}

function parseRejectContext(raw: string | undefined): RejectContext | null {
  if (!raw || raw.length > 3000) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<RejectContext>;
    const ref = decodeAlertRef(JSON.stringify(parsed.ref));
    if (!ref || typeof parsed.channel !== 'string' || typeof parsed.ts !== 'string') return null;
    return { ref, channel: parsed.channel, ts: parsed.ts };
  } catch {
    return null;
  }
}
