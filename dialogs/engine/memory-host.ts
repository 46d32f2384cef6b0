/**
 * A DialogHost kept in memory: for `leadq dialogs chat`, transcript tests and unit tests.
 * Saved values accumulate in `lead`, so a second conversation on the same host behaves like a
 * returning visitor.
 */
import type { LeadScore, SaveStage } from '../../core/lead/model.js';
import { extractorFor, type ExtractorTable } from '../../core/slots/extractor.js';
import type { DialogHost } from './host.js';

export interface MemoryHostOptions {
  /** Extractors by slot (the NLU registry); slots without one are parsed by input kind. */
  extractors?: ExtractorTable;
  score: (values: Record<string, unknown>) => LeadScore | Promise<LeadScore>;
  /** What is already known about the visitor. */
  known?: Record<string, unknown>;
  now?: () => Date;
  defaultCountry?: string;
}

/** What a memory host needs from the NLU and scoring (the bot provides them: `bot/dialog-services.ts`). */
export type DialogServices = Required<Pick<MemoryHostOptions, 'extractors' | 'score'>>;

export interface MemoryHost extends DialogHost {
  readonly lead: Record<string, unknown>;
  readonly saves: { values: Record<string, unknown>; stage?: SaveStage }[];
}

export function createMemoryHost(options: MemoryHostOptions): MemoryHost {
  const lead: Record<string, unknown> = { ...options.known };
  const saves: MemoryHost['saves'] = [];
  const extractors = options.extractors ?? {};
  return {
    lead,
    saves,
    defaultCountry: options.defaultCountry ?? 'FR',
    extract: (slot, text, ctx) => extractorFor(extractors, slot)?.extract(text, ctx) ?? null,
    known: async () => ({ ...lead }),
    save: async (values, stage) => {
      saves.push({ values: { ...values }, ...(stage && { stage }) });
      Object.assign(lead, values);
    },
    score: (values) => options.score(values),
    now: options.now ?? (() => new Date()),
  };
}
