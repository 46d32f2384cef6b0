/**
 * The real app in a process of its own, so a test can SIGKILL it: `tsx app-process.ts <dataDir> <slackApiUrl>`.
 * Prints `listening <url>` once it serves.
 */
import { startApp } from '../support/app-harness.js';
import { FAST_SLACK, slackEnv } from './slack-app-env.js';

const [dataDir, slackApiUrl] = process.argv.slice(2);
if (!dataDir || !slackApiUrl) throw new Error('usage: app-process.ts <dataDir> <slackApiUrl>');
const running = await startApp({ dataDir, env: slackEnv(slackApiUrl), overrides: { slack: FAST_SLACK } });
process.stdout.write(`listening ${running.url}\n`);
