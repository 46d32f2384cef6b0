/**
 * EJSON, for what older versions wrote: the previous embedded store's append logs and conversation
 * state values. bson is loaded at the first such read only: when loaded it allocates its 17 MB
 * serialisation buffer, which every start paid for when the append-log import imported it.
 */
import { createRequire } from 'node:module';
import type * as Bson from 'bson';

const require = createRequire(import.meta.url);

export function parseEjson(text: string): unknown {
  const { EJSON } = require('bson') as typeof Bson;
  return EJSON.parse(text, { relaxed: true });
}
