/** How the end-to-end Slack tests configure the real app: Slack env pointing at the fake Web API, fast delivery. */
import type { AppOverrides } from '../../bot/app.js';
import { FAKE_BOT_TOKEN } from '../slack/support/fake-slack-api.js';
import { SIGNING_SECRET } from '../slack/support/slack-requests.js';

export const SALES_CHANNEL = 'C0SALES';

/** Fast delivery for tests; production polls every 500 ms with a 30 s lease and 1 s minimum backoff. */
export const FAST_SLACK: NonNullable<AppOverrides['slack']> = {
  alertWorker: { pollIntervalMs: 50, leaseMs: 2_000, backoff: { minMs: 500, maxMs: 1_000 } },
  reconcileIntervalMs: 500,
};

export function slackEnv(apiUrl: string): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SALES_CHANNEL: SALES_CHANNEL, SLACK_API_URL: apiUrl };
}
