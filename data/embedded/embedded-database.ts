/**
 * The embedded store's database: one directory, locked so a second process cannot open it, one
 * durable log per collection.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../core/log.js';
import type { Doc, DocCollection, DocDatabase } from '../collection.js';
import { DataDirLock, type LockTakeover } from './data-dir-lock.js';
import { EmbeddedCollection } from './embedded-collection.js';

const log = createLogger('embedded-store');

export class EmbeddedDatabase implements DocDatabase {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<string, Promise<EmbeddedCollection<Doc>>>();
  private readonly opened: EmbeddedCollection<Doc>[] = [];

  private constructor(
    readonly dataDir: string,
    private readonly lock: DataDirLock,
  ) {}

  /** Throws DataDirLockedError when another live process has the directory open. */
  static async open(dataDir: string): Promise<EmbeddedDatabase> {
    const dir = path.resolve(dataDir);
    await mkdir(dir, { recursive: true });
    return new EmbeddedDatabase(dir, await DataDirLock.acquire(dir));
  }

  /** Set when the lock was left behind by a crashed process and taken over at open. */
  get lockTakeover(): LockTakeover | null {
    return this.lock.takeover;
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

  /** Rewrites every collection's log from its live documents, so deleted ones leave the disk now. */
  async purge(): Promise<void> {
    await Promise.all(this.opened.map((collection) => collection.compact()));
  }

  async close(): Promise<void> {
    const collections = await Promise.allSettled(this.collections.values());
    this.collections.clear();
    for (const result of collections) if (result.status === 'fulfilled') await result.value.close();
    await this.lock.unlock().catch((err: unknown) => log.warn({ err }, 'could not release the data directory lock'));
  }
}
