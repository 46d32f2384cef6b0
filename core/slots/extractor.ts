/**
 * Extractors turn what a visitor typed into a lead field value. Plain TypeScript (no botbuilder),
 * used by the dialog engine, `leadq nlu` and the benchmarks.
 */
import type { Locale } from '../lead/model.js';

/**
 * The confidence under which the shipped scripts ask a short choice question instead of using a value
 * (`fallback.minConfidence`); the extractors are calibrated to it.
 */
export const ASK_BELOW = 0.5;

export interface ExtractContext {
  locale: Locale;
  /** "Today" for relative dates; injected so tests and benches are reproducible. */
  now: Date;
  /** Country to assume for national phone numbers (ISO 3166-1 alpha-2), e.g. FR. */
  defaultCountry?: string;
}

export type ExtractResult<T> =
  | {
      ok: true;
      value: T;
      /** 0..1; below the extractor's threshold the dialog may confirm or ask a choice question. */
      confidence: number;
      /** Optional hint to show the visitor, e.g. "Did you mean jean@gmail.com?" (key + params, localised by the dialog). */
      suggestion?: { key: string; params?: Record<string, string> };
    }
  | {
      ok: false;
      /** Stable machine reason, e.g. 'invalid_email', 'empty', 'too_long'; the dialog picks the re-ask message. */
      reason: string;
      /**
       * A well-formed value the extractor could not verify (a phone number in no allocated range): the
       * dialog takes it, as the slot's value, when the visitor gives the same answer twice in a row.
       */
      unverified?: unknown;
    };

export interface Extractor<T = unknown> {
  readonly slot: string;
  extract(text: string, ctx: ExtractContext): ExtractResult<T>;
}

export type ExtractorTable = Readonly<Record<string, Extractor | undefined>>;

/** The slot's extractor; own keys only, so a slot named "__proto__" or "constructor" finds none. */
export function extractorFor(extractors: ExtractorTable, slot: string): Extractor | undefined {
  return Object.hasOwn(extractors, slot) ? extractors[slot] : undefined;
}
