/**
 * Imported first by the entry points (bot/main.ts, bench/e2e/server.ts), before anything else is
 * loaded: the heap limits (heap-growth.ts) must hold while the module graph loads, which is most
 * of start-up's garbage.
 */
import { limitHeapGrowth } from './heap-growth.js';

limitHeapGrowth();
