/**
 * `project`: what the visitor wants, matched against the catalogue marketing edits
 * (config/catalogue.yaml) with the phrase matcher (../phrases/matcher.ts): stemmed, accent-folded
 * content words, typos tolerated, the strongest phrase wins and a close second lowers the
 * confidence. No match keeps the visitor's words, at a confidence that makes the bot ask.
 */
import type { Locale, Project } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { ASK_BELOW, type Extractor } from '../../../core/slots/extractor.js';
import { fromRoot } from '../../../core/paths.js';
import { PhraseMatcher, type PhraseGroup } from '../phrases/matcher.js';
import { crossCheck } from '../phrases/cross-check.js';
import { fold, guardedExtractor, MAX_KEPT_TEXT } from '../text.js';
import { ConfigFileError, configSchema, loadValidatedYaml } from '../../../core/config/validated-yaml.js';

export interface CatalogueEntry {
  id: string;
  labels: Record<Locale, string>;
  synonyms: Partial<Record<Locale, string[]>>;
  /** Words that point to the entry without naming it ("prospects", "relances"); they weigh half a synonym. */
  hints?: Partial<Record<Locale, string[]>>;
  /** A service done on other entries' products (training, support…): "formation Salesforce" is training, not CRM. */
  service?: boolean;
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
          hints: localeStrings({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } }),
          service: { type: 'boolean' },
        },
      },
    },
  },
};
const CATALOGUE = configSchema<Catalogue>('catalogue', CATALOGUE_SCHEMA);

export function loadCatalogue(file: string = DEFAULT_CATALOGUE_PATH): Catalogue {
  const catalogue = loadValidatedYaml(file, CATALOGUE, CatalogueError);
  const seen = new Set<string>();
  for (const entry of catalogue.entries) {
    if (seen.has(entry.id)) throw new CatalogueError(file, [{ line: 0, col: 0, message: `duplicate id "${entry.id}"`, hint: 'give each entry its own id (leads store it)' }]);
    seen.add(entry.id);
  }
  return catalogue;
}

/** Catalogue entries as phrase groups: labels and synonyms say the product; hints, weaker, point to it. */
function groupsOfCatalogue(catalogue: Catalogue): PhraseGroup<string>[] {
  return catalogue.entries.flatMap((entry) => [
    { label: entry.id, service: entry.service ?? false, phrases: Object.fromEntries(LOCALES.map((l) => [l, [entry.labels[l], ...(entry.synonyms[l] ?? [])]])) },
    { label: entry.id, service: entry.service ?? false, weight: HINT_WEIGHT, phrases: entry.hints ?? {} },
  ]);
}

/** A matcher over one catalogue, built once: a new entry is understood as soon as the catalogue is loaded. */
export function createProjectExtractor(catalogue: Catalogue): Extractor<Project> {
  const matcher = new PhraseMatcher(groupsOfCatalogue(catalogue), { ignoreStopWords: true, complements: true, lackIsNeed: true, ownedIsContext: true });
  const byId = new Map(catalogue.entries.map((e) => [e.id, e]));
  // A second reader reviews the table's reading (bot/nlu/README.md, "Cross-check").
  const review = crossCheck('project', catalogue.entries.map((e) => e.id));
  return guardedExtractor<Project>('project', (text, ctx) => {
    const kept = text.slice(0, MAX_KEPT_TEXT);
    const folded = fold(kept);
    // "Are you a bot?" asks about us, not for a chatbot: kept as free text, so the bot offers the catalogue.
    if (QUESTION_ABOUT_THE_BOT.test(folded)) return { ok: true, value: { text: kept }, confidence: FREE_TEXT_CONFIDENCE };
    // "Pas de projet pour l'instant, je lisais votre blog": an answer that opens by saying there is no project names
    // products only as what the visitor was reading or looking at, unless it turns to one ("…, mais un CRM peut-être").
    // "Passez-moi la compta", "ma commande n'est pas arrivée": a customer of ours asking for a department or about an order is
    // misdirected, not a project; the products it names are its own purchase, so the bot asks (or the visitor picks one).
    if (MISDIRECTED.test(folded) || NOT_OURS_TO_SELL.test(folded)) return { ok: true, value: { text: kept }, confidence: FREE_TEXT_CONFIDENCE };
    const opensWithNoProject = (NO_PROJECT_OPENING.test(folded) && !TURN.test(folded))
      || (BROWSING_OPENING.test(folded) && !TURN.test(folded) && !NEED.test(folded));
    const found = opensWithNoProject ? undefined : review(matcher.match(kept, ctx.locale), kept, ctx.locale);
    if (!found) {
      // Free text is kept as the project, unless it says there is none; its low confidence makes the bot offer the catalogue.
      if (NON_ANSWER.test(folded) || !/\p{L}{3}/u.test(kept)) return { ok: false, reason: 'no_project' };
      return { ok: true, value: { text: kept }, confidence: FREE_TEXT_CONFIDENCE };
    }
    const entry = byId.get(found.label)!;
    // An unsure reading is offered to the visitor, whose pick replaces the id: a label kept from the guess would then be stale.
    const label = found.confidence >= ASK_BELOW ? { label: entry.labels[ctx.locale] ?? entry.labels.en } : {};
    return { ok: true, value: { text: kept, id: entry.id, ...label }, confidence: found.confidence };
  });
}

/** Confidence of an answer that names nothing in the catalogue: below 0.5, so the bot offers the catalogue. */
export const FREE_TEXT_CONFIDENCE = 0.3;
/** A hint word counts half a synonym word. */
const HINT_WEIGHT = 0.6;

/** "I don't know", "nothing yet"…: not a project (matched on accent-folded, lower-cased text). */
const NON_ANSWER =
  /^(?:(?:je (?:ne )?sais pas|sais pas|on (?:ne )?sait pas)(?: encore| trop)?|aucune idee|rien(?: de (?:precis|particulier))?(?: pour l'instant| pour le moment)?|aucun|pas encore(?: decide)?|pas de projet|on verra|idk|i don'?t know(?: yet)?|dunno|no idea(?: yet)?|nothing(?: yet| specific)?|not sure(?: yet)?|none|no project|n\/?a|\?+)[\s.!?]*$/;

/** A greeting that may open an answer before what it says ("bonjour, …", "hi! …"), accent-folded. */
const GREETED = String.raw`^(?:(?:bonjour|bonsoir|salut|hello|hi|hey|bjr)\b[\s,.!]*)?`;
/** An answer opening with "no project (yet)", "nothing planned", "pas de projet", "rien de prévu" (accent-folded). */
const NO_PROJECT_OPENING =
  new RegExp(String.raw`${GREETED}(?:(?:non|no|nope)\b[\s,.!]*)?(?:(?:pas|aucun|no|not|nothing|rien)(?: (?:encore|vraiment|vrai|de|yet|really|real|a|any))* (?:projet|project|plan|planned|prevu|concret|concrete|specific|precis|particulier)\b(?! (?:manager|lead|leader|owner|de|d'|of)\b)|(?:we|i) (?:don'?t|do not) (?:really |yet |actually )?have (?:a |any )?(?:real |specific |concrete )?project\b|(?:on|je|j'|nous) (?:n'a|n'ai|n'avons|a|ai|avons) pas (?:(?:encore|vraiment|vrai|de vrai|reellement|tellement|trop) )*(?:de |d')(?:vrai )?projet\b(?! (?:manager|lead|leader|owner|de|d'|of)\b))`);
/**
 * An answer opening with the visitor looking around our site, ad, blog or chat ("je découvre votre site", "je suis tombé sur votre
 * pub", "I came across your website"): the products it names are ours, not a project, unless a need follows ("… et je veux un
 * site comme ça"). Accent-folded.
 */
const BROWSING_OPENING =
  new RegExp(String.raw`${GREETED}(?:(?:je|j'|i|i'm|i am|i was|we|we're|we were|on)\s?(?:(?:suis|ai|fais|just|juste|simplement|only|que) )*(?:decouvre|visite|parcours|regarde|lis|lisais|suis tombee? sur|tombe sur|suis venue? voir|jette un (?:oeil|coup d'oeil) (?:a|sur)|came across|stumbled (?:up)?on|found|discovered|browsing|browse|reading|checking out|looking at|saw)) (?:votre|vos|ce|cette|your|this) (?:site|site web|site internet|website|web site|page|pub|publicite|annonce|ad|ads|advert|blog|article|post|linkedin|video|newsletter|webinaire|webinar|stand|salon|booth|chatbot|chat|bot|agence|agency|entreprise|company|societe)s?\b`);
/** After such an opening, words that say a need after all. */
const NEED = /\b(?:veu[xt]|veulent|voulons|voudr\w*|aimer\w*|besoin|faut|faudrait|cherch\w*|souhait\w*|want|wants|wanted|need|needs|looking for|would like|interested in)\b/;
/** An answer opening by asking to be put through, or about the visitor's own order, parcel, invoice or refund (accent-folded). */
const MISDIRECTED =
  new RegExp(String.raw`${GREETED}(?:passez[- ]moi|pouvez-vous me passer|vous pouvez me passer|mettez[- ]moi en relation avec (?:le|la|les|votre) (?:service|compta|sav)|put me through|can you put me through|transfer me to|ma (?:commande|livraison|facture)|mon (?:colis|remboursement|avoir)|my (?:order|parcel|package|delivery|invoice|refund))\b`);
/**
 * Anywhere in the answer: leaving our mailing list ("désabonnez-moi", "I want to unsubscribe from your emails") or pitching
 * us ("I'm selling SEO services, are you interested?", "seriez-vous intéressés par…"): not a project of the visitor's.
 */
const NOT_OURS_TO_SELL =
  /\b(?:(?:me|nous) (?:desabonner|desinscrire)|desabonnez[- ]moi|desinscrivez[- ]moi|unsubscribe (?:me|us|from)|(?:want|like|wish) to unsubscribe|remove me from your|(?:are|would) you (?:be )?interested\b|(?:seriez|etes)[- ]vous interesse|ca vous interesse)/;
/** Words that turn an answer to what is wanted after all. */
const TURN = /\b(?:mais|but|however|sauf|except|although|cependant|toutefois|plutot|rather|instead)\b/;

/** A question to the visitor's interlocutor about what it is ("vous êtes un robot ?", "am I talking to a bot?"). */
const QUESTION_ABOUT_THE_BOT =
  /^(?:(?:est-ce que |est ce que )?(?:vous etes|tu es|t'es|je parle (?:a|avec))|are you|r u|is this|am i (?:talking|speaking|chatting) (?:to|with))(?: (?:un|une|a|an|real|vrai|vraie|just|juste))? ?(?:bot|robot|chatbot|ia|ai|human|humain|humaine|person|personne|machine)[\s.!?]*$/;

let defaultExtractor: Extractor<Project> | undefined;
let defaultCatalogue: Catalogue | undefined;

/** Serve this catalogue from now on (start-up with CATALOGUE_FILE, hot reload of an edited file). */
export function useCatalogue(catalogue: Catalogue): void {
  defaultCatalogue = catalogue;
  defaultExtractor = createProjectExtractor(catalogue);
}

/** The name of a catalogue entry in a language (the team's, for sales), from the catalogue in use. */
export function catalogueLabel(id: string, locale: Locale): string | undefined {
  defaultCatalogue ??= loadCatalogue();
  return defaultCatalogue.entries.find((e) => e.id === id)?.labels[locale];
}


/** The extractor on config/catalogue.yaml (or the one given to useCatalogue), loaded on first use (throws CatalogueError if the file is invalid). */
export const projectExtractor: Extractor<Project> = {
  slot: 'project',
  extract(text, ctx) {
    defaultCatalogue ??= loadCatalogue();
    defaultExtractor ??= createProjectExtractor(defaultCatalogue);
    return defaultExtractor.extract(text, ctx);
  },
};
