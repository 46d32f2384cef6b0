/**
 * The real app in a process of its own, so a test can SIGKILL it or run two of them over one
 * database: `tsx app-process.ts <dataDir> <slackApiUrl>` (LEADQ_TEST_WIDGET_CONFIG: another
 * widget config file). Prints `listening <url>` once it serves.
 */
import { FAST_SLACK, slackEnv } from '../e2e-slack/slack-app-env.js';
import { startApp } from './app-harness.js';

const [dataDir, slackApiUrl] = process.argv.slice(2);
if (!dataDir || !slackApiUrl) throw new Error('usage: app-process.ts <dataDir> <slackApiUrl>');
const widgetConfig = process.env.LEADQ_TEST_WIDGET_CONFIG;
const running = await startApp({ dataDir, env: { ...slackEnv(slackApiUrl), ...(widgetConfig && { WIDGET_CONFIG: widgetConfig }) }, overrides: { slack: FAST_SLACK } });
process.stdout.write(`listening ${running.url}\n`);
