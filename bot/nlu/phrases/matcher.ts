/**
 * Reads an answer against a phrase table: groups of phrases per label and language, written by a
 * designer (data/nlu/*.yaml, the catalogue). Phrases are compared as sequences of stemmed, folded
 * words inside one clause, so plurals and endings do not matter; `*` in a phrase stands for up to
 * three words ("c'est * qui décide"). A phrase said under a negation ("je ne décide de rien",
 * "not a manager") does not count, unless the phrase itself holds the negation. Unknown words one
 * typing error away from a table word are read as that word, at a lower confidence.
 *
 * Each label scores its best phrase: weight, a little more for each extra word; a phrase inside a longer matched
 * phrase does not count ("office manager" is not "manager"). The confidence grows with the best
 * score and shrinks when another label scores close to it, so a mixed answer comes out below 0.5
 * and the bot asks instead of guessing.
 */
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { clauses, isStopWord, stem } from '../words.js';
import { TypoCorrector } from './typos.js';

export interface PhraseGroup<T extends string> {
  label: T;
  /** How strongly one word of these phrases says the label (default 1); cue words are weaker, say 0.5. */
  weight?: number;
  /**
   * How far these phrases may decide (default true). false: never alone — a word independent labellers put under
   * different labels ("restaurant", "cabinet comptable") or too vague to use ("services"): when the winning label rests
   * on such phrases only, its confidence stays below 0.5 and the bot asks. 'alone': only when the phrase is the whole
   * answer ("logistique", "state") — inside a sentence the word is often something else ("la région lyonnaise", "in the
   * state of Ohio").
   */
  sure?: boolean | 'alone';
  /**
   * A service done on what other labels name (training, maintenance, an audit, an integration): said right next to
   * one of them it is the project, the other its object ("formation Salesforce", "maintenir notre appli", "website
   * maintenance"). Only with the `complements` option.
   */
  service?: boolean;
  /**
   * Said, these phrases rule out the plain words (weight 1 or less) of this other label: "le DG tranche", "the CFO signs"
   * say the visitor does not decide, whatever their title ("head of sales, but the CEO has the final word").
   */
  overrules?: T;
  phrases: Partial<Record<Locale, readonly string[]>>;
}

export interface PhraseMatch<T extends string> {
  label: T;
  confidence: number;
  /** Best score of the winning label and of the runner-up (0 when none). */
  score: number;
  runnerUp: number;
}

export interface MatcherOptions {
  /** Drop small words before matching (the catalogue's synonyms are written that way). */
  ignoreStopWords?: boolean;
  /** Read "X pour notre Y" / "X for our Y" as X, Y being a complement (products: "un chatbot pour notre site"). */
  complements?: boolean;
  /** A negated "have" is a lack, not a refusal: "on n'a pas de site", "we don't have a CRM" say what is wanted (products). */
  lackIsNeed?: boolean;
  /**
   * What the visitor says they have is the setting, not the need: "we have a website but need a phone app", "on a déjà un
   * site, on veut un chatbot" (products). When another label is said too, a phrase right after a "have" counts OWNED_FACTOR.
   */
  ownedIsContext?: boolean;
  /**
   * Words after which a phrase names whom what was said before serves, not what the visitor is (sector: "un ERP pour
   * les artisans du bâtiment", "consultants for banks", "we sell to pubs"): it counts CLIENT_FACTOR.
   */
  clientWords?: readonly string[];
}

const GAP = '*';
/** `*` survives tokenising as this word, then becomes GAP again. */
const GAP_WORD = 'zzgapzz';
/** How many words a `*` may stand for. */
const MAX_GAP = 3;
/** Score of a phrase read through a corrected typo, relative to the same phrase spelt right. */
const TYPO_FACTOR = 0.8;
/** A word matched on its stem only loses ties to one spelt as in the table: a little for an inflection ("managers"), more otherwise ("products" is not "production"). */
const INFLECTED_FACTOR = 0.9;
const STEM_ONLY_FACTOR = 0.6;
const MAX_INFLECTION = 2;
/**
 * A phrase of the other language than the answer's, matched on a stem rather than as spelt, counts less: visitors
 * borrow words as they are ("dashboard", "CEO"), but a word that only looks like one of the other language is usually a
 * false friend ("contact form" is not "former", "by branch" not "brancher").
 */
const OTHER_LANGUAGE_FACTOR = 0.5;

function spellingFactor(word: string, span: readonly Token[]): number {
  let best = 0;
  for (const token of span) {
    if (token.word === word) return 1;
    const [short, long] = token.word.length < word.length ? [token.word, word] : [word, token.word];
    best = Math.max(best, long.startsWith(short) && long.length - short.length <= MAX_INFLECTION ? INFLECTED_FACTOR : STEM_ONLY_FACTOR);
  }
  return best;
}
/**
 * English words the stemmer would shrink onto a shorter table word of another meaning keep a stem of their own: an
 * "internal sponsor" is not an "intern", a "reporter" (journalist) is not someone who reports to a boss, and a French
 * "interne" (in-house) read against English phrases is not an "intern" either, nor French "je bosse" (I work) a "boss",
 * nor a "customer" the "customs" ("customer service" is not a "customs service"). They are real words, not typos of it.
 */
const LOOK_ALIKES: Record<Locale, ReadonlyMap<string, string>> = {
  fr: new Map(),
  en: new Map([['internal', 'internal'], ['internally', 'internal'], ['interne', 'interne'], ['internes', 'interne'], ['reporter', 'reporter'], ['reporters', 'reporter'],
    ['customer', 'customer'], ['customers', 'customer'],
    ...['bosse', 'bosser', 'bossons', 'bossez', 'bossent', 'bossais', 'bossait'].map((w): [string, string] => [w, 'bosser'])]),
};
const tableStem = (word: string, locale: Locale): string => LOOK_ALIKES[locale].get(word) ?? stem(word, locale);
/**
 * Common chat words one typing error away from a table word of another meaning ("on commence" is not "commerce", a
 * "colleague" not a "college", a "fondateur" not a "formateur", "fertility" not "fertilizer"): real words, never read as
 * typos (their stem is unchanged).
 */
const REAL_WORDS = new Set(['commence', 'commencer', 'commencons', 'commencent', 'commencait', 'collegue', 'collegues', 'colleague', 'colleagues',
  'fondateur', 'fondatrice', 'fondateurs', 'cofondateur', 'cofondatrice', 'autour', 'fertility', 'daily', 'broken', 'landing', 'leaving', 'story', 'paient', 'payent']);

/** Words that open a negation over the next NEGATION_SCOPE words. */
const NEGATORS = new Set(['ne', 'pas', 'jamais', 'aucun', 'aucune', 'sans', 'ni', 'non', 'not', 'no', 'never', 'without', 'nor', 'neither']);
/** Informal French/English negations that follow the verb: "je décide pas", "je décide de rien", "I decide nothing". */
const AFTER_NEGATORS = new Set(['pas', 'rien', 'jamais', 'nothing']);
const SKIPPED_BEFORE_AFTER_NEGATOR = new Set(['de', 'd', 'du', 'en']);
/** Words that end a negation and turn to what is meant: "je ne décide pas mais je recommande", "not X but Y". */
const CONTRASTS = new Set(['mais', 'plutot', 'cependant', 'pourtant', 'but', 'rather', 'instead', 'however', 'though']);
const NEGATION_SCOPE = 3;
/** "pas du tout un CRM", "not at all a manager": words that strengthen a negation without using up its scope. */
const NEGATION_INTENSIFIERS = new Set(['du', 'tout', 'at', 'all']);

interface Token {
  stem: string;
  /** The folded word as said (after typo correction): an exact match beats a match on the stem only. */
  word: string;
  /** Index of the word in its clause: spans are compared across languages on these. */
  at: number;
  negated: boolean;
  typo: boolean;
}

interface CompiledPhrase<T extends string> {
  label: T;
  service: boolean;
  overrules: T | undefined;
  weight: number;
  sure: boolean | 'alone';
  /** Stems, with GAP for `*`. */
  stems: string[];
  /** The folded words the stems come from, aligned with `stems`. */
  spelled: string[];
  words: number;
  holdsNegation: boolean;
}

interface Hit<T extends string> {
  label: T;
  service: boolean;
  overrules: T | undefined;
  /** The phrase's weight: plain words (1 or less) can be overruled. */
  weight: number;
  /** How surely the words were read (1 = as in the table; less through a typo or a stem-only match), whatever the weight. */
  reading: number;
  /** The phrase may decide: sure, or 'alone' and the whole answer. */
  sure: boolean;
  /** The language whose phrase matched: complement words differ ("à" is French, "a" is an English article). */
  locale: Locale;
  score: number;
  clause: number;
  start: number;
  end: number;
  words: number;
}

export class PhraseMatcher<T extends string> {
  private readonly byFirstStem: Record<Locale, Map<string, CompiledPhrase<T>[]>> = { fr: new Map(), en: new Map() };
  private readonly knownStems: Record<Locale, Set<string>> = { fr: new Set(), en: new Set() };
  private readonly typos: TypoCorrector;

  constructor(
    groups: readonly PhraseGroup<T>[],
    private readonly options: MatcherOptions = {},
  ) {
    const vocabulary: string[] = [];
    for (const group of groups) {
      for (const locale of LOCALES) {
        for (const phrase of group.phrases[locale] ?? []) {
          const words = clauses(phrase.replaceAll(GAP, ` ${GAP_WORD} `)).flat().map((w) => (w === GAP_WORD ? GAP : w));
          vocabulary.push(...words.filter((w) => w !== GAP));
          const compiled = this.compile(group, words, locale);
          if (!compiled) continue;
          for (const s of compiled.stems) if (s !== GAP) this.knownStems[locale].add(s);
          const first = compiled.stems[0]!;
          const list = this.byFirstStem[locale].get(first) ?? [];
          list.push(compiled);
          this.byFirstStem[locale].set(first, list);
        }
      }
    }
    this.typos = new TypoCorrector(vocabulary, (word) => LOCALES.some((l) => this.knownStems[l].has(tableStem(word, l)) || LOOK_ALIKES[l].has(word)) || REAL_WORDS.has(word) || LOCALES.some((l) => isStopWord(word, l)));
  }

  private compile(group: PhraseGroup<T>, words: string[], locale: Locale): CompiledPhrase<T> | undefined {
    const kept = words.filter((w) => w === GAP || !this.options.ignoreStopWords || !isStopWord(w, locale) || NEGATORS.has(w));
    while (kept[0] === GAP) kept.shift();
    while (kept.at(-1) === GAP) kept.pop();
    if (kept.length === 0) return undefined;
    const stems = kept.map((w) => (w === GAP ? GAP : tableStem(w, locale)));
    return {
      label: group.label,
      service: group.service ?? false,
      overrules: group.overrules,
      weight: group.weight ?? 1,
      sure: group.sure ?? true,
      stems,
      spelled: kept,
      words: stems.filter((s) => s !== GAP).length,
      holdsNegation: kept.some((w) => NEGATORS.has(w) || AFTER_NEGATORS.has(w)),
    };
  }

  /** The label the answer says, or undefined when no phrase of the table is in it. `answerLocale`: the language the visitor writes in. */
  match(text: string, answerLocale?: Locale): PhraseMatch<T> | undefined {
    const hits: Hit<T>[] = [];
    const said = clauses(text);
    said.forEach((words, clause) => {
      const negated = negatedWords(words, this.options.lackIsNeed ?? false);
      const corrected = words.map((w) => this.typos.correct(w));
      for (const locale of LOCALES) {
        const tokens: Token[] = [];
        words.forEach((word, at) => {
          const typo = corrected[at];
          const read = typo ?? word;
          if (this.options.ignoreStopWords && isStopWord(read, locale) && !NEGATORS.has(read)) return;
          tokens.push({ stem: tableStem(read, locale), word: read, at, negated: negated[at]!, typo: typo !== undefined });
        });
        const language = answerLocale === undefined || answerLocale === locale ? 1 : OTHER_LANGUAGE_FACTOR;
        this.collect(tokens, locale, language, clause, hits, said.length === 1);
      }
    });
    return decide(hits.map((hit) => ({ ...hit, weighed: hit.score * emphasis(hit, hits, said[hit.clause]!, this.options, said[hit.clause - 1]) })));
  }

  /** `onlyClause`: the answer has no other clause, so a phrase spanning every content word of it is the whole answer. */
  private collect(tokens: Token[], locale: Locale, language: number, clause: number, hits: Hit<T>[], onlyClause: boolean): void {
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of this.byFirstStem[locale].get(tokens[i]!.stem) ?? []) {
        const end = matchFrom(tokens, i, phrase.stems, this.options.clientWords);
        if (end < 0) continue;
        const span = tokens.slice(i, end + 1);
        if (!phrase.holdsNegation && span.some((t) => t.negated)) continue;
        const typo = span.some((t) => t.typo);
        const asSpelled = Math.min(...phrase.spelled.filter((w) => w !== GAP).map((w) => spellingFactor(w, span)));
        const spelling = asSpelled === 1 ? 1 : language * asSpelled;
        const wholeAnswer = onlyClause && tokens.every((t, k) => (k >= i && k <= end) || isStopWord(t.word, locale));
        hits.push({
          label: phrase.label,
          service: phrase.service,
          overrules: phrase.overrules,
          weight: phrase.weight,
          reading: (typo ? TYPO_FACTOR : 1) * spelling,
          sure: phrase.sure === 'alone' ? wholeAnswer : phrase.sure,
          locale,
          score: phrase.weight * lengthFactor(phrase.words) * (typo ? TYPO_FACTOR : 1) * spelling,
          clause,
          start: tokens[i]!.at,
          end: tokens[end]!.at,
          words: phrase.words,
        });
      }
    }
  }
}

/**
 * Index of the last token of `stems` matched from `start` (gaps stand for 0..MAX_GAP tokens, never a client word: "we make
 * software for hearing aid clinics" is not "we make * hearing aids"), or -1.
 */
function matchFrom(tokens: readonly Token[], start: number, stems: readonly string[], clientWords?: readonly string[], s = 0): number {
  if (s === stems.length) return start - 1;
  if (stems[s] === GAP) {
    for (let skip = 0; skip <= MAX_GAP && start + skip <= tokens.length; skip++) {
      if (skip > 0 && clientWords?.includes(tokens[start + skip - 1]!.word)) break;
      const end = matchFrom(tokens, start + skip, stems, clientWords, s + 1);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (tokens[start]?.stem !== stems[s]) return -1;
  return matchFrom(tokens, start + 1, stems, clientWords, s + 1);
}

/** Words that make what follows the main point: "mais surtout un CRM", "mostly the crm". */
const FOCUS = new Set(['surtout', 'principalement', 'essentiellement', 'mainly', 'mostly', 'primarily', 'especially', 'priorite', 'priority']);
/** Words that make the rest of the clause secondary: "et peut-être une appli plus tard", "maybe a website later". */
const MINOR = new Set(['peut', 'eventuellement', 'aussi', 'egalement', 'maybe', 'perhaps', 'also', 'later', 'tard', 'eventually', 'possibly']);
/** Words that make what follows a complement of what came before: "un chatbot pour notre site", "chatbot for our website". */
const COMPLEMENT = new Set(['pour', 'sur', 'dans', 'de', 'du', 'des', 'entre', 'for', 'on', 'in', 'into', 'to', 'with', 'avec', 'of', 'between']);
/** French "à"/"au"/"aux" ("connecter notre ERP à notre site e-commerce"), folded to words that are English articles too: French phrases only. */
const FRENCH_COMPLEMENT = new Set(['a', 'au', 'aux', 'pr']);
const isComplementWord = (word: string, locale: Locale): boolean => COMPLEMENT.has(word) || (locale === 'fr' && FRENCH_COMPLEMENT.has(word));
const COMPLEMENT_REACH = 3;
/** A head far weaker than the phrase after it (a hint word against a full phrase: "automatiser les réponses aux questions
 * répétitives") does not make that phrase its complement. */
const COMPLEMENT_HEAD = 0.5;

/** How far before a phrase a client word may stand ("pour les entreprises du BTP"), and how much the client then counts. */
const CLIENT_REACH = 4;
const CLIENT_FACTOR = 0.3;

/** How much a hit counts given the words around it: the main point, a secondary wish, or a complement of another hit. */
function emphasis<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[], options: MatcherOptions, before?: readonly string[]): number {
  if (words.slice(0, hit.start).some((w) => FOCUS.has(w))) return 1.5;
  if (words.slice(hit.end + 1).some((w) => FOCUS.has(w))) return 0.5;
  if (words.some((w) => MINOR.has(w))) return 0.5;
  if (options.clientWords && servedBy(hit, hits, words, options.clientWords)) return CLIENT_FACTOR;
  const context = options.ownedIsContext && owned(hit, hits, words) && hits.some((o) => o.label !== hit.label) ? OWNED_FACTOR : 1;
  if (!options.complements) return context;
  const complementOf = hits.some((o) => o.clause === hit.clause && o.label !== hit.label && o.end < hit.start
    && o.score >= COMPLEMENT_HEAD * hit.score
    && !(hit.service && !o.service && saidOf(hit, o, words))
    && !words.slice(o.end + 1, hit.start).some((w) => JOINERS.has(w))
    && words.slice(Math.max(o.end + 1, hit.start - COMPLEMENT_REACH), hit.start).some((w, k, between) =>
      isComplementWord(w, hit.locale) && !(PURPOSE.has(w) && between.slice(k + 1).every((x) => AUXILIARIES.has(x)))
      && !ASKING.has(words[Math.max(o.end + 1, hit.start - COMPLEMENT_REACH) + k - 1] ?? '')));
  return complementOf || objectOfService(hit, hits, words) || describes(hit, hits, words) || listedAfterService(hit, hits, words, before)
    ? Math.min(0.3, context) : context;
}

/** How many words a list of a service's objects may run on after it: "connect Slack, Jira and our helpdesk". */
const LIST_REACH = 3;
/**
 * The hit opens a clause that goes on listing the products a service phrase ending the clause before was doing its work on
 * ("connect Slack, Jira and our helpdesk", "sync contacts between Outlook, our CRM and Mailchimp"); not a clause opened by a
 * joiner ("training for the team, and a new website" says two needs).
 */
function listedAfterService<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[], before?: readonly string[]): boolean {
  if (hit.service || !before || hit.start > LIST_REACH || JOINERS.has(words[0] ?? '')) return false;
  return hits.some((o) => o.service && o.label !== hit.label && o.clause === hit.clause - 1 && before.length - 1 - o.end <= LIST_REACH
    && o.end < before.length - 1);
}

/** Past participles of connecting ("connectés à", "branché sur", "connected to"): said after a product, they describe it. */
const CONNECTED = new Set(['connecte', 'connectes', 'connectee', 'connectees', 'branche', 'branches', 'branchee', 'branchees', 'relie', 'relies',
  'reliee', 'reliees', 'synchronise', 'synchronises', 'synchronisee', 'synchronisees', 'connected', 'linked', 'synced', 'plugged', 'hooked']);
/** "que le site soit connecté au CRM", "the shop to be synced with the ERP": the connecting is what is wanted. */
const COPULAS = new Set(['soit', 'soient', 'sont', 'est', 'etre', 'be', 'is', 'are', 'get', 'gets', 'being', 'been']);
/** A participle of linking at `at` that describes what comes before ("X connectés à"), not one after a copula ("qu'ils soient connectés"). */
function describingParticiple(words: readonly string[], at: number): boolean {
  return CONNECTED.has(words[at] ?? '') && !COPULAS.has(words[at - 1] ?? '');
}

/**
 * A service phrase opening with such a participle right after another label's product is a feature of that product, not
 * the project: "tableaux de bord Power BI connectés à notre ERP", "LLM chatbot connected to our knowledge base".
 */
function describes<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[]): boolean {
  return hit.service && describingParticiple(words, hit.start)
    && hits.some((o) => !o.service && o.clause === hit.clause && o.label !== hit.label && o.end < hit.start && hit.start - o.end <= SAID_OF_REACH);
}

/**
 * The hit names whom another label's phrase said before it serves: a client word between them, close before the hit
 * ("consultants for banks"), also when the other label was said in an earlier clause ("agence de com, on travaille pour les
 * collectivités").
 */
function servedBy<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[], clientWords: readonly string[]): boolean {
  const before = (from: number) => words.slice(Math.max(from, hit.start - CLIENT_REACH), hit.start).some((w) => clientWords.includes(w));
  return hits.some((o) => o.label !== hit.label && ((o.clause === hit.clause && o.end < hit.start && before(o.end + 1))
    || (o.clause < hit.clause && before(0))));
}

/** Asking or looking for something makes it the need, not a complement: "our clients keep asking for an app". */
const ASKING = new Set(['asking', 'ask', 'asks', 'asked', 'looking', 'searching', 'demandent', 'demande', 'reclament', 'reclame']);
/** "to"/"pour" right before a phrase says what the thing is for ("un robot pour répondre aux clients"), not a complement. */
const PURPOSE = new Set(['to', 'pour']);
/** Between "to" and a phrase, these keep it a purpose ("needs to be trained", "to get trained"), not a complement. */
const AUXILIARIES = new Set(['be', 'get', 'been', 'being']);
/** A small word of either language: a phrase of one language may match in an answer written in the other ("brancher notre site": "site"). */
const isSmallWord = (word: string): boolean => LOCALES.some((locale) => isStopWord(word, locale));
/** Words that join two needs: "un CRM et une formation" says both, the CRM first. */
const JOINERS = new Set(['et', 'ou', 'puis', 'and', 'or', 'then', 'plus']);

/**
 * Words that make a later service phrase a second need, the purpose of the first or what it will do, not something said
 * of it ("un chatbot pour le support", "an AI agent that handles support tickets").
 */
const NOT_SAID_OF = new Set([...JOINERS, ...PURPOSE, 'pr', 'for', 'avec', 'with', 'sans', 'without', 'that', 'which', 'qui']);
/** How far after a product a service phrase may still be said of it ("notre appli a des bugs", "our platform is full of bugs"). */
const SAID_OF_REACH = 5;

/**
 * The hit names what a service phrase next to it is done on: "formation Salesforce", "maintenir notre appli", "website
 * maintenance"; or what a service phrase later in the clause is said of: "notre appli a des bugs", "our platform keeps
 * crashing" (a problem with something that exists is a support project, not a new one).
 */
function objectOfService<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[], depth = 0): boolean {
  if (hit.service) return false;
  return hits.some((o) => o.service && o.clause === hit.clause && o.label !== hit.label && (
    (o.end < hit.start && hit.start - o.end <= COMPLEMENT_REACH + 1
      && words.slice(o.end + 1, hit.start).every((w) => !JOINERS.has(w) && (isSmallWord(w) || isComplementWord(w, hit.locale))))
    // "connecteur entre Sage et Salesforce", "choose between HubSpot and Pipedrive": what stands between is the service's object.
    || (o.end < hit.start && (BETWEEN.has(words[o.end] ?? '') || BETWEEN.has(words[o.end + 1] ?? '')) && hit.start - o.end <= BETWEEN_REACH)
    // "relier Pipedrive et Mailchimp", "link Pipedrive with our invoicing tool": what a linking verb joins is its object.
    || (o.end < hit.start && LINKING.has(words[o.start] ?? '') && !CONNECT_WITH.has(words[o.start + 1] ?? '') && hit.start - o.end <= BETWEEN_REACH
      && words.slice(o.end + 1, hit.start).every((w) => !PURPOSE.has(w) && !NOT_LINKED.has(w)))
    || (saidOf(o, hit, words) && !describingParticiple(words, o.start))))
    // Coordinated with a product of the same label that is the service's object: "on hésite entre HubSpot et Salesforce".
    || (depth < 2 && hits.some((p) => p.label === hit.label && p.clause === hit.clause && p.end < hit.start && hit.start - p.end <= 3
      && words.slice(p.end + 1, hit.start).every((w) => JOINERS.has(w) || COORDINATORS.has(w) || isSmallWord(w))
      && objectOfService(p, hits, words, depth + 1)));
}
/** Right after a service phrase, these make the products named next its objects, joined or not ("synchro entre Shopify et l'ERP"). */
const BETWEEN = new Set(['entre', 'between']);
const BETWEEN_REACH = 6;
/** Verbs whose objects are two products to join ("connecter Odoo et WooCommerce"); not "intégrer", "brancher" (a chatbot is added to a site). */
const LINKING = new Set(['connecter', 'connectez', 'relier', 'reliez', 'synchroniser', 'synchronisez', 'raccorder', 'raccordez', 'interfacer',
  'link', 'connect', 'sync', 'synchronise', 'synchronize']);
/**
 * Words after which what a linking verb is followed by is not what it joins: a purpose or a means ("relier X pour que…", "link X
 * via Zapier"), or a new thing to get ("connecter un chatbot à notre site": the chatbot is the project).
 */
const NOT_LINKED = new Set(['que', 'qui', 'so', 'that', 'which', 'afin', 'through', 'via', 'using', 'par', 'grace',
  'un', 'une', 'a', 'an', 'new', 'nouveau', 'nouvel', 'nouvelle']);
/** Right after the verb, "with" links people, not products: "connect with our customers through an app". */
const CONNECT_WITH = new Set(['with', 'avec']);
/** Words that set two products side by side, besides the joiners: "Salesforce vs Dynamics". */
const COORDINATORS = new Set(['vs', 'versus', 'contre']);

/** A service phrase said of a product named just before it, not joined to it nor its purpose ("notre appli a des bugs"). */
function saidOf<T extends string>(service: Hit<T>, product: Hit<T>, words: readonly string[]): boolean {
  return service.start > product.end && service.start - product.end <= SAID_OF_REACH
    && words.slice(product.end + 1, service.start).every((w) => !NOT_SAID_OF.has(w));
}

/** A longer phrase says more than a shorter one, but "site web" is not twice "CRM": each extra word adds a quarter. */
function lengthFactor(words: number): number {
  return 1 + 0.25 * (words - 1);
}

/** How much a product the visitor already has counts against another need said with it. */
const OWNED_FACTOR = 0.5;
/** Words between "have" and what is had: "we already have an existing website", "on a déjà un site". */
const OWNED_FILLERS = new Set(['already', 'deja', 'currently', 'actuellement', 'existing', 'got']);
/** "have" and its forms, English and French ("on a", "j'ai", "nous avons", "on dispose d'un"). */
const OWN_VERBS = new Set(['have', 'has', 'had', 've', 'avons', 'avez', 'ont', 'avait', 'avions', 'possede', 'possedons', 'dispose', 'disposons']);
/** French "j'ai" (elided to "ai") only before an article: "AI chatbot" is not "j'ai un chatbot". */
const AI_BEFORE = new Set(['un', 'une', 'des', 'deja', 'le', 'la', 'les', 'notre', 'mon', 'ma', 'mes']);
/**
 * The hit names something the visitor says they have: a "have" a few small words before it ("we have a website", "on a
 * déjà un site"; words of a phrase of the same label may stand between: "we have a web platform"), not negated ("we don't
 * have a CRM" is a lack; "we have no CRM" stops at "no").
 */
function owned<T extends string>(hit: Hit<T>, hits: readonly Hit<T>[], words: readonly string[]): boolean {
  const inPhrase = (k: number) => hits.some((o) => o.label === hit.label && o.clause === hit.clause && o.start <= k && o.end >= k);
  for (let k = hit.start - 1; k >= Math.max(0, hit.start - 5); k--) {
    const word = words[k]!;
    const isOwn = OWN_VERBS.has(word) || (word === 'a' && AVOIR_SUBJECTS.has(words[k - 1] ?? '')) || (word === 'ai' && AI_BEFORE.has(words[k + 1] ?? ''));
    if (isOwn) return !NEGATORS.has(words[k - 1] ?? '') && !(word === 'a' && words[k - 1] === 'ne');
    if (!isSmallWord(word) && !OWNED_FILLERS.has(word) && !inPhrase(k)) return false;
  }
  return false;
}

/** French "avoir" after a subject or "ne" ("on n'a pas", "j'ai pas", "il n'y a pas"), English "have": with `lackIsNeed`, a
 * negation next to them says a lack ("on n'a pas de site", "we don't have a CRM", "we have no dashboards"). */
const AVOIR = new Set(['a', 'ai', 'avons', 'avez', 'ont', 'avait', 'avions', 'avaient']);
const AVOIR_SUBJECTS = new Set(['ne', 'on', 'il', 'elle', 'y', 'nous', 'vous', 'ils', 'elles']);
const HAVE = new Set(['have', 'has', 'had']);
function negatesHave(words: readonly string[], i: number): boolean {
  const [before, after] = [words[i - 1] ?? '', words[i + 1] ?? ''];
  if (HAVE.has(after) || HAVE.has(before) || (before === 'got' && HAVE.has(words[i - 2] ?? ''))) return true;
  if (words[i] === 'ne') return AVOIR.has(after) || (after === 'y' && words[i + 2] === 'a');
  return AVOIR.has(before) && (before === 'ai' || AVOIR_SUBJECTS.has(words[i - 2] ?? ''));
}

/** Which words of a clause are said under a negation (`lackIsNeed`: not those of a negated "have"). */
function negatedWords(words: readonly string[], lackIsNeed = false): boolean[] {
  const negated = words.map(() => false);
  let scope = 0;
  words.forEach((word, i) => {
    if (CONTRASTS.has(word) || (lackIsNeed && NEGATORS.has(word) && negatesHave(words, i))) {
      scope = 0;
    } else if (NEGATORS.has(word)) {
      scope = NEGATION_SCOPE;
    } else if (scope > 0) {
      negated[i] = true;
      if (!NEGATION_INTENSIFIERS.has(word)) scope--;
    }
    if (AFTER_NEGATORS.has(word) && !words.slice(0, i).includes('ne')) {
      let before = i - 1;
      while (before >= 0 && SKIPPED_BEFORE_AFTER_NEGATOR.has(words[before]!)) before--;
      if (before >= 0) negated[before] = true;
    }
  });
  return negated;
}

/** Confidence of a best score with nothing against it: one plain word ≈ 0.65, two words or more ≈ 0.95. */
function strength(score: number): number {
  return Math.min(0.95, 0.35 + 0.3 * score);
}

/** The most a label read only through `sure: false` phrases gets: under the scripts' 0.5, so the bot asks. */
const UNSURE_CONFIDENCE = 0.45;

/** A runner-up said in a full phrase (score ≥ 2: "je porte le projet" against "je signe") is a statement that contradicts
 * the winner, not a passing word: unless the winner is clearly stronger (runner-up under 0.6 of it), the bot asks. */
const STATED = 2;
function rivalry(runnerUp: number): number {
  return runnerUp >= STATED ? 1.25 : 0.5;
}

/** `weighed`: the hit's score as the words around it weigh it (main point, secondary wish, complement). */
function decide<T extends string>(hits: (Hit<T> & { weighed: number })[]): PhraseMatch<T> | undefined {
  // A phrase inside a longer matched phrase does not count ("office manager" is not "manager"), unless the longer one
  // scores less and was read less surely (a stem-only or typo match must not hide the exact word it contains). A longer
  // phrase of another label hides it even when it weighs less ("the director decides": the director is someone else).
  // Scores are compared as said, before the words around weigh them: "power bi" in "formation power bi" is the training's
  // object, and so is the "bi" inside it.
  const unhidden = hits.filter((h) => !hits.some((o) => o !== h && o.clause === h.clause && o.start <= h.start && o.end >= h.end && o.words > h.words
    && (o.score >= h.score || (o.label !== h.label && o.reading >= h.reading))));
  const overruled = new Set(unhidden.flatMap((h) => (h.overrules ? [h.overrules] : [])));
  const kept = unhidden.filter((h) => !(overruled.has(h.label) && h.weight <= 1));
  const best = new Map<T, number>();
  for (const hit of kept) best.set(hit.label, Math.max(best.get(hit.label) ?? 0, hit.weighed));
  const ranked = [...best.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top) return undefined;
  const runnerUp = second?.[1] ?? 0;
  let confidence = strength(top[1]) * Math.max(0, 1 - rivalry(runnerUp) * (runnerUp / top[1]) ** 2);
  if (!kept.some((h) => h.label === top[0] && h.sure === true)) confidence = Math.min(confidence, UNSURE_CONFIDENCE);
  return { label: top[0], confidence: Number(confidence.toFixed(3)), score: top[1], runnerUp };
}
