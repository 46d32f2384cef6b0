/**
 * Keeps what was said in `store.transcripts`, so sales can read the conversation behind a lead
 * whatever the channel. Channels that keep their own transcript (the web widget numbers every
 * message for replay) are skipped.
 */
import type { Activity } from 'botbuilder';
import type { TranscriptEntry, TranscriptRepository } from '../../core/ports/repository.js';
import type { Logger } from '../../core/log.js';
import { visitorIdOf } from '../../core/lead/model.js';

const MAX_TEXT = 5_000;

export class TranscriptRecorder {
  constructor(
    private readonly transcripts: TranscriptRepository,
    private readonly log: Logger,
    private readonly selfLoggingChannels: readonly string[] = ['web'],
  ) {}

  /** Never fails the turn: a transcript is a record, not part of the conversation. */
  async record(inbound: Activity, sent: readonly Partial<Activity>[], at = new Date()): Promise<void> {
    if (this.selfLoggingChannels.includes(inbound.channelId)) return;
    const conversationId = inbound.conversation?.id;
    if (!conversationId) return;
    const entries: TranscriptEntry[] = [];
    if (inbound.type === 'message' && typeof inbound.text === 'string') {
      // The visitor id lets an erasure (GDPR) find every conversation this person had.
      entries.push({ conversationId, visitorId: visitorIdOf(inbound.channelId, inbound.from.id), from: 'user', text: inbound.text.slice(0, MAX_TEXT), at });
    }
    for (const activity of sent) {
      if (activity.type !== 'message' || typeof activity.text !== 'string') continue;
      const data = activity.channelData as { prompt?: { slot?: unknown }; scriptVersion?: unknown } | undefined;
      const slot = data?.prompt?.slot;
      const scriptVersion = data?.scriptVersion;
      entries.push({ conversationId, from: 'bot', text: activity.text.slice(0, MAX_TEXT), at, ...(typeof slot === 'string' && { slot }), ...(typeof scriptVersion === 'string' && { scriptVersion }) });
    }
    try {
      // Appended together so the store can commit them in one disk write; ids keep the call order.
      await Promise.all(entries.map((entry) => this.transcripts.append(entry)));
    } catch (err) {
      this.log.warn({ err, conversationId }, 'transcript not recorded');
    }
  }
}
