import restify from 'restify';
import { describe, expect, it } from 'vitest';
import { mountSlack, slackConfigFromEnv } from '../../adapters/slack/index.js';
import type { Logger } from '../../core/log.js';
import { PromptingTestBot } from './support/harness.js';
import { openTestStore } from './support/test-store.js';

const credentials = { SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-1' };

describe('Slack configuration', () => {
  it('is null without both credentials', () => {
    expect(slackConfigFromEnv({})).toBeNull();
    expect(slackConfigFromEnv({ SLACK_SIGNING_SECRET: 'x' })).toBeNull();
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: '  ' })).toBeNull();
  });

  it('reads channel, API URL, Socket Mode, routing and hot alerts', () => {
    const config = slackConfigFromEnv({
      ...credentials,
      SLACK_SALES_CHANNEL: 'C0SALES',
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      SLACK_SOCKET_MODE: 'true',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_ROUTING: 'segment',
      SLACK_REPS: 'U1, U2',
      SLACK_SEGMENT_REPS: 'country=FR:U3,sector=retail:u4',
      SLACK_RENOTIFY_MINUTES: '15',
      SLACK_ALERT_HOT_CAPTURED: 'on',
    });
    expect(config).toEqual({
      signingSecret: 's3cret',
      botToken: 'xoxb-1',
      salesChannel: 'C0SALES',
      apiUrl: 'http://127.0.0.1:1/api/',
      socketMode: true,
      appToken: 'xapp-1',
      routing: {
        mode: 'segment',
        reps: ['U1', 'U2'],
        segmentRoutes: [
          { field: 'country', value: 'FR', rep: 'U3' },
          { field: 'sector', value: 'retail', rep: 'U4' },
        ],
        renotifyAfterMinutes: 15,
      },
      alertHotCaptured: true,
    });
  });

  it('refuses malformed values instead of ignoring them', () => {
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_ROUTING: 'random' })).toThrow(/SLACK_ROUTING/);
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_ROUTING: 'round-robin' })).toThrow(/SLACK_REPS/);
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_ROUTING: 'segment', SLACK_SEGMENT_REPS: '<script>' })).toThrow(/SLACK_SEGMENT_REPS/);
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_RENOTIFY_MINUTES: 'soon' })).toThrow(/SLACK_RENOTIFY_MINUTES/);
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_ALERT_HOT_CAPTURED: 'maybe' })).toThrow(/SLACK_ALERT_HOT_CAPTURED/);
    expect(() => slackConfigFromEnv({ ...credentials, SLACK_SOCKET_MODE: 'true' })).toThrow(/SLACK_APP_TOKEN/);
  });

  it('mountSlack returns null and says once that Slack is disabled', async () => {
    const lines: string[] = [];
    const logger = { info: (msg: string) => lines.push(msg), warn: () => undefined, error: () => undefined } as unknown as Logger;
    const { store, cleanup } = await openTestStore();
    const server = restify.createServer();
    expect(mountSlack(server, { bot: new PromptingTestBot(), store, config: slackConfigFromEnv({}), logger })).toBeNull();
    expect(lines).toEqual(['Slack disabled: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not both set']);
    server.close();
    await cleanup();
  });
});
