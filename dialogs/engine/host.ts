/**
 * What the runner needs from the bot around it. The bot implements it over the lead store;
 * `createMemoryHost()` implements it in memory for the terminal chat and tests.
 */
import type { LeadScore, Locale, SaveStage } from '../../core/lead/model.js';
import type { ExtractContext, ExtractResult } from '../../core/slots/extractor.js';

export interface DialogHost {
  /** Run the extractor for this slot; null when the host has none (the engine then parses by input kind). */
  extract(slot: string, text: string, ctx: ExtractContext): ExtractResult<unknown> | null | Promise<ExtractResult<unknown> | null>;
  /** Values already known about this person (returning visitor): never asked again. */
  known(): Promise<Record<string, unknown>>;
  /** Persist the values collected so far, optionally moving the lead to a stage. */
  save(values: Record<string, unknown>, stage?: SaveStage): Promise<void>;
  score(values: Record<string, unknown>): LeadScore | Promise<LeadScore>;
  /** Hand a named message (e.g. an e-mail) to whatever the host sends it with; a repeat must be harmless. */
  send?(name: string, values: Record<string, unknown>): Promise<void>;
  /** Optional host features a script may test in conditions as `features.<name>` (e.g. `features.mail`). */
  features?: Record<string, boolean>;
  now(): Date;
  /** Country assumed for national phone numbers. */
  defaultCountry?: string;
  /** The language the bot speaks this turn; when it differs from the conversation's, the conversation follows it. */
  locale?: Locale;
}
