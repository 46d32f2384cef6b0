/**
 * The embedded store's database: one directory, locked so a second process cannot open it, one
 * durable log per collection.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { createLogger } from '../../bot/log.js';
import type { Doc, DocCollection, DocDatabase } from '../collection.js';
import { DataDirLockedError } from '../errors.js';
import { EmbeddedCollection } from './embedded-collection.js';

const log = createLogger('embedded-store');

/**
 * A crashed process leaves its lock behind until it is stale (mtime older than STALE_MS), so an
 * opener waits a little longer than that before concluding the directory is really in use.
 */
const STALE_MS = 5000;
const LOCK_RETRIES = { retries: 7, factor: 1, minTimeout: 1000, maxTimeout: 1000 };

export class EmbeddedDatabase implements DocDatabase {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<string, Promise<EmbeddedCollection<Doc>>>();
  private readonly opened: EmbeddedCollection<Doc>[] = [];

  private constructor(
    readonly dataDir: string,
    private readonly release: () => Promise<void>,
    private readonly lock: { lost: Error | null },
  ) {}

  static async open(dataDir: string): Promise<EmbeddedDatabase> {
    const dir = path.resolve(dataDir);
    await mkdir(dir, { recursive: true });
    const lock = { lost: null as Error | null };
    const release = await lockfile
      .lock(dir, {
        lockfilePath: path.join(dir, 'leadq.lock'),
        stale: STALE_MS,
        update: 1000,
        retries: LOCK_RETRIES,
        onCompromised: (err) => {
          log.error({ err, dataDir: dir }, 'lost the lock on the data directory: stopping the embedded store');
          lock.lost = err;
        },
      })
      .catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ELOCKED' ? new DataDirLockedError(dir) : err;
      });
    return new EmbeddedDatabase(dir, release, lock);
  }

  collection<T extends Doc>(name: string): Promise<DocCollection<T>> {
    if (this.lock.lost) return Promise.reject(this.lock.lost);
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) return Promise.reject(new Error(`embedded store: invalid collection name ${JSON.stringify(name)}`));
    let opened = this.collections.get(name);
    if (!opened) {
      opened = EmbeddedCollection.open<Doc>(this.dataDir, name).then((collection) => {
        this.opened.push(collection);
        return collection;
      });
      this.collections.set(name, opened);
    }
    return opened as unknown as Promise<DocCollection<T>>;
  }

  /** False once the lock was lost or a collection could not write to disk. */
  async ping(): Promise<boolean> {
    return this.lock.lost === null && this.opened.every((collection) => collection.healthy);
  }

  async close(): Promise<void> {
    const collections = await Promise.allSettled(this.collections.values());
    this.collections.clear();
    for (const result of collections) if (result.status === 'fulfilled') await result.value.close();
    await this.release().catch((err: unknown) => log.warn({ err }, 'could not release the data directory lock'));
  }
}
