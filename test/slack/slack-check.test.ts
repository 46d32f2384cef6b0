import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSlackSetup, manifestBotScopes, renderManifest } from '../../bot/cli/slack-command.js';
import { FAKE_BOT_TOKEN, FAKE_BOT_USER, FakeSlackApi } from './support/fake-slack-api.js';

async function check(env: Record<string, string | undefined>): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await checkSlackSetup(env, out);
  return { code, text };
}

describe('slack/manifest.yaml', () => {
  it('declares the slash command, events and interactivity on PUBLIC_URL, and every scope the bot uses', () => {
    const manifest = parse(renderManifest('https://bot.example.com/')) as {
      features: { slash_commands: { command: string; url: string }[] };
      settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
    };
    expect(manifest.features.slash_commands).toContainEqual(expect.objectContaining({ command: '/leads', url: 'https://bot.example.com/slack/events' }));
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://bot.example.com/slack/events');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'message.channels', 'message.groups']));
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://bot.example.com/slack/events' });
    expect(manifestBotScopes()).toEqual(expect.arrayContaining(['chat:write', 'commands', 'users:read.email', 'channels:read', 'im:history']));
  });
});

describe('leadq slack check against a local Slack Web API', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await FakeSlackApi.start();
    slack.channelNames.set('C0SALES', 'sales');
    slack.channelNames.set('C0OTHER', 'general');
    slack.channelMembers.set('C0SALES', [FAKE_BOT_USER]);
  });
  afterAll(async () => {
    await slack?.close();
  });
  const env = (extra: Record<string, string> = {}) => ({ SLACK_API_URL: slack.url, SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SALES_CHANNEL: 'C0SALES', ...extra });

  it('passes when the token works, has every scope and the bot is in the sales channel', async () => {
    slack.grantedScopes = manifestBotScopes();
    const { code, text } = await check(env());
    expect(text).toContain('✓ SLACK_BOT_TOKEN works: bot leadq in workspace Test');
    expect(text).toContain('✓ the bot is a member of the sales channel #sales');
    expect(text).not.toContain('✗');
    expect(code).toBe(0);
  });

  it('names the missing scopes, the channel the bot is not in, and exits 1', async () => {
    slack.grantedScopes = manifestBotScopes().filter((scope) => scope !== 'commands' && scope !== 'users:read.email');
    const { code, text } = await check(env({ SLACK_SALES_CHANNEL: 'C0OTHER' }));
    expect(text).toContain('✗ the token lacks scopes: commands, users:read.email');
    expect(text).toContain('✗ the bot is not a member of the sales channel #general: type /invite @leadq in that channel');
    expect(text).toContain('2 problem(s)');
    expect(code).toBe(1);
  });

  it('says when the token is refused or the channel is a name rather than an id', async () => {
    expect((await check(env({ SLACK_BOT_TOKEN: 'xoxb-wrong' }))).text).toContain('✗ SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
    slack.grantedScopes = manifestBotScopes();
    const byName = await check(env({ SLACK_SALES_CHANNEL: '#sales' }));
    expect(byName.text).toContain('✗ SLACK_SALES_CHANNEL "#sales" was not found: use the channel id');
    expect(byName.code).toBe(1);
  });

  it('lists every missing variable without calling Slack', async () => {
    const before = slack.calls.length;
    const { code, text } = await check({ SLACK_API_URL: slack.url });
    expect(text).toContain('✗ SLACK_SIGNING_SECRET is not set');
    expect(text).toContain('✗ SLACK_BOT_TOKEN is not set');
    expect(code).toBe(1);
    expect(slack.calls.length).toBe(before);
  });
});
