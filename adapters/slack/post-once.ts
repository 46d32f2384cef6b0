/**
 * Post a Slack message at most once per idempotency key, even across crashes: the key travels in
 * the message's `metadata`, and any attempt after the first looks for it in the channel (or the
 * thread) before posting again. Errors are mapped to what the outbox worker understands.
 */
import { webApi } from '@slack/bolt';
import { PermanentError, RetryAfterError } from '../../bot/outbox/errors.js';
import type { Block } from './blocks.js';

export const OUTBOX_METADATA_EVENT = 'leadq_outbox';

export interface PostOnceRequest {
  channel: string;
  key: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
  /** Post to the channel too when replying in a thread. */
  broadcast?: boolean;
  /** Search for an earlier post of this key first (any attempt after the first). */
  checkFirst: boolean;
  /** Earliest moment a previous attempt can have posted: bounds the search. */
  since: Date;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  /** True when an earlier attempt had already posted it. */
  found: boolean;
}

const MAX_HISTORY_PAGES = 10;

export async function postOnce(client: webApi.WebClient, request: PostOnceRequest): Promise<PostedMessage> {
  return callSlack(async () => {
    if (request.checkFirst) {
      const ts = await findPosted(client, request);
      if (ts) return { channel: request.channel, ts, found: true };
    }
    // Built untyped: the SDK's union of argument shapes does not narrow over optional spreads.
    const args = {
      channel: request.channel,
      text: request.text,
      ...(request.blocks ? { blocks: request.blocks } : {}),
      ...(request.threadTs ? { thread_ts: request.threadTs, reply_broadcast: request.broadcast ?? false } : {}),
      metadata: { event_type: OUTBOX_METADATA_EVENT, event_payload: { key: request.key } },
    } as webApi.ChatPostMessageArguments;
    const result = await client.chat.postMessage(args);
    if (!result.ts) throw new Error('chat.postMessage returned no ts');
    return { channel: result.channel ?? request.channel, ts: result.ts, found: false };
  });
}

async function findPosted(client: webApi.WebClient, request: PostOnceRequest): Promise<string | null> {
  const oldest = String(Math.floor(request.since.getTime() / 1000) - 1);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
    const common = { channel: request.channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
    const result = request.threadTs
      ? await client.conversations.replies({ ...common, ts: request.threadTs })
      : await client.conversations.history(common);
    const match = result.messages?.find(
      (m) => m.metadata?.event_type === OUTBOX_METADATA_EVENT && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === request.key,
    );
    if (match?.ts) return match.ts;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/** Slack errors that retrying cannot fix: configuration or payload problems. */
const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'invalid_metadata_format',
  'msg_too_long',
  'no_text',
]);

/** Run Web API calls, translating rate limits and hopeless errors for the outbox worker. */
export async function callSlack<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof webApi.WebAPIRateLimitedError) throw new RetryAfterError(err.retryAfter * 1000, err.message);
    if (err instanceof webApi.WebAPIPlatformError && PERMANENT_SLACK_ERRORS.has(err.data.error)) {
      throw new PermanentError(`Slack refused: ${err.data.error}`, { cause: err });
    }
    throw err;
  }
}
