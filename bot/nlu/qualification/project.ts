/**
 * `project`: what the visitor wants, matched against the catalogue marketing edits
 * (config/catalogue.yaml). Synonyms and answers are compared as sequences of stemmed,
 * accent-folded content words, so plurals, endings and small words do not matter; the longest
 * matching phrase wins (ties: the one said first). No match keeps the visitor's words.
 */
import type { Locale, Project } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import type { Extractor } from '../../../core/slots/extractor.js';
import { fromRoot } from '../../../core/paths.js';
import { fold, indexOfSequence, stems } from './text.js';
import { ConfigFileError, loadValidatedYaml } from '../../../core/config/validated-yaml.js';

export interface CatalogueEntry {
  id: string;
  labels: Record<Locale, string>;
  synonyms: Partial<Record<Locale, string[]>>;
}
export interface Catalogue {
  entries: CatalogueEntry[];
}

export class CatalogueError extends ConfigFileError {}

export const DEFAULT_CATALOGUE_PATH = fromRoot('config', 'catalogue.yaml');

const localeStrings = (items: object) => ({ type: 'object', properties: { fr: items, en: items }, additionalProperties: false });
const CATALOGUE_SCHEMA = {
  type: 'object',
  required: ['entries'],
  additionalProperties: false,
  properties: {
    entries: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'labels'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 },
          labels: { ...localeStrings({ type: 'string', minLength: 1, maxLength: 200 }), required: ['fr', 'en'] },
          synonyms: localeStrings({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } }),
        },
      },
    },
  },
};

export function loadCatalogue(file: string = DEFAULT_CATALOGUE_PATH): Catalogue {
  const catalogue = loadValidatedYaml<Catalogue>(file, CATALOGUE_SCHEMA, CatalogueError);
  const seen = new Set<string>();
  for (const entry of catalogue.entries) {
    if (seen.has(entry.id)) throw new CatalogueError(file, [{ line: 0, col: 0, message: `duplicate id "${entry.id}"`, hint: 'give each entry its own id (leads store it)' }]);
    seen.add(entry.id);
  }
  return catalogue;
}

interface Phrase {
  entry: CatalogueEntry;
  locale: Locale;
  stems: string[];
}

/** A matcher over one catalogue; phrases are stemmed once, here. */
export function createProjectExtractor(catalogue: Catalogue): Extractor<Project> {
  const phrases: Phrase[] = [];
  for (const entry of catalogue.entries) {
    for (const locale of LOCALES) {
      for (const text of [entry.labels[locale], ...(entry.synonyms[locale] ?? [])]) {
        const phraseStems = stems(text, locale);
        if (phraseStems.length > 0) phrases.push({ entry, locale, stems: phraseStems });
      }
    }
  }
  return {
    slot: 'project',
    extract(text, ctx) {
      const kept = text.trim().slice(0, 500);
      if (fold(kept).length === 0) return { ok: false, reason: 'empty' };
      // Visitors mix languages ("un chatbot pour le support"), so both stemmings are tried.
      const answer = Object.fromEntries(LOCALES.map((l) => [l, stems(kept, l)])) as Record<Locale, string[]>;
      let best: { phrase: Phrase; at: number } | undefined;
      for (const phrase of phrases) {
        const at = indexOfSequence(answer[phrase.locale], phrase.stems);
        if (at < 0) continue;
        // Longest phrase wins; on a tie, the one said first ("un chatbot pour notre site").
        if (!best || phrase.stems.length > best.phrase.stems.length || (phrase.stems.length === best.phrase.stems.length && at < best.at)) best = { phrase, at };
      }
      if (!best) {
        // Free text is kept as the project, unless it says there is none.
        if (NON_ANSWER.test(fold(kept)) || !/\p{L}{3}/u.test(kept)) return { ok: false, reason: 'no_project' };
        return { ok: true, value: { text: kept }, confidence: 0.3 };
      }
      const { entry } = best.phrase;
      return { ok: true, value: { text: kept, id: entry.id, label: entry.labels[ctx.locale] ?? entry.labels.en }, confidence: 0.9 };
    },
  };
}

/** "I don't know", "nothing yet"…: not a project (matched on accent-folded, lower-cased text). */
const NON_ANSWER =
  /^(?:je (?:ne )?sais pas|sais pas|aucune idee|rien(?: de (?:precis|particulier))?|aucun|pas encore|pas de projet|on verra|idk|i don'?t know|dunno|no idea|nothing(?: yet)?|not sure|none|no project|n\/?a|\?+)[\s.!?]*$/;

let defaultExtractor: Extractor<Project> | undefined;

/** Serve this catalogue from now on (start-up with CATALOGUE_FILE, hot reload of an edited file). */
export function useCatalogue(catalogue: Catalogue): void {
  defaultExtractor = createProjectExtractor(catalogue);
}

/** The extractor on config/catalogue.yaml (or the one given to useCatalogue), loaded on first use (throws CatalogueError if the file is invalid). */
export const projectExtractor: Extractor<Project> = {
  slot: 'project',
  extract(text, ctx) {
    defaultExtractor ??= createProjectExtractor(loadCatalogue());
    return defaultExtractor.extract(text, ctx);
  },
};
