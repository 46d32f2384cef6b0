/**
 * Durable append-only log of one collection: one EJSON record per line (EJSON keeps Dates).
 * A write is acknowledged only once it is on disk (datasync); concurrent writes share one
 * flush (group commit). Records are whole-document puts/deletes, so replaying a record twice is
 * harmless — that is what makes compaction (rewrite the live documents, then rename) safe.
 */
import { open, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { EJSON } from 'bson';
import { createLogger } from '../../core/log.js';

const log = createLogger('embedded-store');

export type LogRecord = { p: Record<string, unknown> } | { d: string };

interface Batch {
  lines: string[];
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function encodeRecord(record: LogRecord): string {
  return EJSON.stringify(record, { relaxed: true }) + '\n';
}

export class AppendLog {
  /** Records currently in the file (grows with every write, reset by compaction). */
  lineCount: number;
  /** Set once a write or flush failed: memory and disk may differ, so the store must stop. */
  error: unknown = null;
  private next: Batch | null = null;
  private inFlight: Promise<void> | null = null;
  private snapshotForCompaction: (() => LogRecord[]) | null = null;

  private constructor(
    private readonly file: string,
    private handle: FileHandle,
    lineCount: number,
  ) {
    this.lineCount = lineCount;
  }

  /** Replays the file. A torn last line (crash mid-write) is dropped and cut off; damage before it is an error. */
  static async open(file: string): Promise<{ log: AppendLog; records: LogRecord[] }> {
    await rm(`${file}.compact`, { force: true }); // an unfinished compaction: the original is intact
    const content = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    const records: LogRecord[] = [];
    let goodBytes = 0;
    let start = 0;
    while (start < content.length) {
      const end = content.indexOf(0x0a, start);
      const lineEnd = end === -1 ? content.length : end;
      const record = end === -1 ? undefined : parseRecord(content.subarray(start, lineEnd).toString('utf8'));
      if (record === undefined) {
        if (content.indexOf(0x0a, lineEnd + 1) !== -1 && end !== -1) {
          throw new Error(`${file}: corrupt record at byte ${start}; refusing to open (restore from a backup)`);
        }
        log.warn({ file, bytes: content.length - start }, 'ignoring a torn last record (interrupted write)');
        break;
      }
      records.push(record);
      start = lineEnd + 1;
      goodBytes = start;
    }
    if (goodBytes < content.length) await truncate(file, goodBytes);
    const created = content.length === 0;
    const handle = await open(file, 'a');
    if (created) await syncDirectory(path.dirname(file));
    return { log: new AppendLog(file, handle, records.length), records };
  }

  /** Resolves once the record is on disk. */
  append(record: LogRecord): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    this.lineCount++;
    const batch = (this.next ??= newBatch());
    batch.lines.push(encodeRecord(record));
    if (!this.inFlight) this.inFlight = this.drain();
    return batch.done;
  }

  /** Resolves once everything appended so far is on disk (reads wait on it: nobody sees an unacknowledged write). */
  async settled(): Promise<void> {
    if (this.error) throw this.error;
    await (this.next?.done ?? this.inFlight);
  }

  /** Rewrite the file from `snapshot()` at the next quiet point between flushes. */
  requestCompaction(snapshot: () => LogRecord[]): void {
    this.snapshotForCompaction = snapshot;
    if (!this.inFlight) this.inFlight = this.drain();
  }

  /** Rewrite the file from `snapshot()` and resolve once the rewritten file is in place. */
  async compactNow(snapshot: () => LogRecord[]): Promise<void> {
    this.requestCompaction(snapshot);
    // drain() loops until no compaction is pending, so the request above is served by this run.
    while (this.inFlight) await this.inFlight;
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    try {
      while (this.next || this.snapshotForCompaction) {
        const batch = this.next;
        this.next = null;
        if (batch) await this.flush(batch);
        const snapshot = this.snapshotForCompaction;
        this.snapshotForCompaction = null;
        if (snapshot && !this.error) await this.compact(snapshot).catch((err: unknown) => this.fail(err));
      }
    } finally {
      this.inFlight = null;
    }
  }

  private async flush(batch: Batch): Promise<void> {
    try {
      if (this.error) throw this.error;
      await this.handle.appendFile(batch.lines.join(''));
      await this.handle.datasync();
      batch.resolve();
    } catch (err) {
      this.fail(err);
      batch.reject(err);
    }
  }

  private async compact(snapshot: () => LogRecord[]): Promise<void> {
    const records = snapshot();
    const tmp = `${this.file}.compact`;
    const out = await open(tmp, 'w');
    try {
      await out.appendFile(records.map(encodeRecord).join(''));
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.file);
    await syncDirectory(path.dirname(this.file));
    await this.handle.close();
    this.handle = await open(this.file, 'a');
    this.lineCount = records.length + (this.next?.lines.length ?? 0);
    log.debug({ file: this.file, records: records.length }, 'compacted');
  }

  private fail(err: unknown): void {
    if (!this.error) log.error({ err, file: this.file }, 'write to the data log failed: the embedded store stops accepting operations');
    this.error ??= err;
    this.next?.reject(err);
    this.next = null;
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  done.catch(() => undefined); // rejections are delivered to each append() caller
  return { lines: [], done, resolve, reject };
}

function parseRecord(line: string): LogRecord | undefined {
  try {
    const record = EJSON.parse(line, { relaxed: true }) as unknown;
    if (record && typeof record === 'object' && ('p' in record || 'd' in record)) return record as LogRecord;
  } catch {
    // fall through: not a complete record
  }
  return undefined;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
