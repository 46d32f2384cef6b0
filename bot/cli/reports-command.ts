/**
 * `leadq reports rebuild`: sums every stored conversation up again from its transcript lines (the
 * funnel's conversations and the drop-off report read these summaries), with the skip phrases of
 * the scripts as they are now. Leads need nothing: their report facts are written with them.
 */
import type { Writable } from 'node:stream';
import { openStore } from '../../data/open-store.js';
import type { AppConfig } from '../config.js';
import { editedFiles } from '../edited-files/files.js';
import { skipReplyMatcher } from '../reports/skip-replies.js';

export async function rebuildReports(config: AppConfig, out: Writable): Promise<number> {
  const scripts = await editedFiles(config).scripts.load();
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, dbName: config.mongodbDb, isSkipReply: skipReplyMatcher(scripts) });
  try {
    out.write(`${await store.transcripts.rebuildSummaries()} conversations summed up\n`);
    return 0;
  } finally {
    await store.close();
  }
}
