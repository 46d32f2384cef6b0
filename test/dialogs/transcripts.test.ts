import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTranscriptFile } from '../../dialogs/testing/transcript.js';
import { loadDefaultServices } from '../../bot/dialog-services.js';

const dir = join(import.meta.dirname, '../../dialogs/scripts/tests');
const files = readdirSync(dir).filter((name) => name.endsWith('.transcript.yaml')).sort();

describe('dialog script transcripts', () => {
  it('finds transcript files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s', async (name) => {
    const report = await runTranscriptFile(join(dir, name), loadDefaultServices());
    expect(report.failures, `${report.failures.join('\n')}\n--- conversation ---\n${report.log.join('\n')}`).toEqual([]);
  });
});
