/**
 * Child process of the store benchmark: a restart at full size. Times openStore and the first
 * lead list (what the admin API's first page needs), then prints them with the RSS as JSON.
 */
import { openStore } from '../../data/open-store.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: reopen.ts <dataDir>');
const started = performance.now();
const store = await openStore({ dataDir });
const openMs = performance.now() - started;
const page = await store.leads.list({ limit: 50 });
const readyMs = performance.now() - started;
const transcript = await store.transcripts.list('conv-bench-0');
await store.close();
process.stdout.write(JSON.stringify({ openMs, readyMs, leads: page.total, firstTranscriptEntries: transcript.length, rssMB: process.memoryUsage().rss / 1024 / 1024 }) + '\n');
