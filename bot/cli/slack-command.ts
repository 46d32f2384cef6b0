/**
 * `leadq slack manifest` and `leadq slack check`. The manifest in slack/manifest.yaml is the one
 * description of the Slack app (scopes, events, interactivity, /leads); the check reads its bot
 * scopes as what the token must have, then asks Slack: the token (auth.test), the scopes it was
 * granted (`x-oauth-scopes`), and whether the bot is in the sales channel (conversations.info).
 */
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { parse } from 'yaml';
import { fromRoot } from '../../core/paths.js';

export const MANIFEST_FILE = fromRoot('slack/manifest.yaml');

/** The manifest with `${PUBLIC_URL}` replaced, ready to paste into Slack's "create from manifest". */
export function renderManifest(publicUrl: string, file = MANIFEST_FILE): string {
  return readFileSync(file, 'utf8').replaceAll('${PUBLIC_URL}', publicUrl.replace(/\/+$/, ''));
}

export function manifestBotScopes(file = MANIFEST_FILE): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}

type Env = Record<string, string | undefined>;

/** Prints one ✓/✗ line per check, with what to do for each ✗; returns the process exit code. */
export async function checkSlackSetup(env: Env, out: Writable): Promise<number> {
  let problems = 0;
  const ok = (text: string): void => void out.write(`✓ ${text}\n`);
  const missing = (text: string): void => {
    problems += 1;
    out.write(`✗ ${text}\n`);
  };

  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!env.SLACK_SIGNING_SECRET?.trim()) missing('SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the app\'s Basic Information page');
  else ok('SLACK_SIGNING_SECRET is set');
  if (!token) {
    missing('SLACK_BOT_TOKEN is not set: install the app to the workspace and copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions');
    return finish(out, problems);
  }

  const client = new webApi.WebClient(token, {
    ...(env.SLACK_API_URL?.trim() ? { slackApiUrl: env.SLACK_API_URL.trim() } : {}),
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
  let granted: string[];
  try {
    const auth = await client.auth.test();
    ok(`SLACK_BOT_TOKEN works: bot ${auth.user ?? auth.user_id ?? '?'} in workspace ${auth.team ?? auth.team_id ?? '?'}`);
    granted = auth.response_metadata?.scopes ?? [];
  } catch (error) {
    missing(`SLACK_BOT_TOKEN was refused by Slack (${slackError(error)}): copy the Bot User OAuth Token (xoxb-…) again, or reinstall the app`);
    return finish(out, problems);
  }

  const required = manifestBotScopes();
  const absent = required.filter((scope) => !granted.includes(scope));
  if (absent.length) missing(`the token lacks scopes: ${absent.join(', ')} — add them under OAuth & Permissions (slack/manifest.yaml lists them all) and reinstall the app`);
  else ok(`the token has every scope of slack/manifest.yaml (${required.length})`);

  const channel = env.SLACK_SALES_CHANNEL?.trim();
  if (!channel) {
    missing('SLACK_SALES_CHANNEL is not set: without it there are no sales alerts and no /leads; set it to the channel id (C…, at the bottom of the channel details)');
  } else {
    try {
      const info = await client.conversations.info({ channel });
      const name = info.channel?.name ? `#${info.channel.name}` : channel;
      if (info.channel?.is_member) ok(`the bot is a member of the sales channel ${name}`);
      else missing(`the bot is not a member of the sales channel ${name}: type /invite @leadq in that channel`);
    } catch (error) {
      const code = slackError(error);
      if (code === 'channel_not_found') missing(`SLACK_SALES_CHANNEL "${channel}" was not found: use the channel id (C…, at the bottom of the channel details), not its name; for a private channel, invite the bot first`);
      else missing(`could not read the sales channel ${channel} (${code})`);
    }
  }
  return finish(out, problems);
}

function slackError(error: unknown): string {
  return (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
}

function finish(out: Writable, problems: number): number {
  out.write(problems ? `${problems} problem(s): Slack is not fully set up\n` : 'Slack is set up\n');
  return problems ? 1 : 0;
}
