/**
 * Global set-up of the `mongodb` test project: MONGODB_URI when given (a real MongoDB), otherwise
 * a FerretDB started for this run and stopped after it. Each test file uses databases of its own.
 */
import type { TestProject } from 'vitest/node';
import { startFerretDb } from './ferretdb-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.MONGODB_URI?.trim();
  if (given) {
    project.provide('mongodbUri', given);
    return undefined;
  }
  const server = await startFerretDb();
  project.provide('mongodbUri', server.uri);
  return () => server.stop();
}
