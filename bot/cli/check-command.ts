/** `leadq check`: load every edited file and report every problem of every file in one pass. */
import type { Writable } from 'node:stream';
import type { EditedFile } from '../edited-files/edited-file.js';
import { formatIssue, issuesOf } from '../edited-files/issues.js';

/** Prints `path: ok` or each problem as `file:line:col message — hint`; returns the process exit code. */
export async function checkEditedFiles(files: readonly EditedFile<unknown>[], out: Writable): Promise<number> {
  const results = await Promise.all(files.map(async (file) => file.load().then(() => [] as const, (error: unknown) => issuesOf(error, file.path))));
  let failed = 0;
  files.forEach((file, i) => {
    const issues = results[i]!;
    if (issues.length === 0) return void out.write(`${file.path}: ok (${file.name})\n`);
    failed += 1;
    for (const issue of issues) out.write(`${formatIssue(issue)}\n`);
  });
  const problems = results.reduce((sum, issues) => sum + issues.length, 0);
  out.write(failed ? `${problems} problem(s) in ${failed} of ${files.length} files\n` : `all ${files.length} files are valid\n`);
  return failed ? 1 : 0;
}
