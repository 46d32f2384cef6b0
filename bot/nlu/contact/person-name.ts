/**
 * `name`: the visitor's name from "je m'appelle Marie Curie", "Marie", "c'est Jean-Pierre de la Tour",
 * "I'm John O'Neil" → "Marie Curie", "Jean-Pierre de la Tour", "John O'Neil".
 * Words typed all in lower or upper case are capitalised ("CURIE" → "Curie"); mixed case ("McDonald") is
 * kept; particles (de, du, la, van, von…) stay lower case inside a name.
 * Reasons: empty, too_long (> 100 characters), not_a_name (e-mail, digits, markup, a sentence, "oui"…).
 */
import { fold, guardedExtractor, stripTrailingDots } from '../text.js';

const MAX_NAME_LENGTH = 100;
const MAX_NAME_WORDS = 6;

/** Lead-ins, longest first so "mon nom est" wins over "mon nom". Matched on folded text. */
const LEAD_IN_PHRASES = [
  "je m'appelle", 'je m appelle', "je m'apelle", "je m'appele", "je m'appel", 'je mappelle', 'je mapelle', "moi c'est", 'mon nom est', "mon nom c'est", 'mon prenom est', "mon prenom c'est",
  'mon nom', "c'est", 'je suis', 'appelez-moi', 'appelez moi', 'vous pouvez m appeler', "vous pouvez m'appeler",
  'my name is', "my name's", 'the name is', "the name's", 'name is', "name's", "i'm", 'i am', 'im', "it's", 'its', 'it is', 'this is', 'call me', 'you can call me', 'name:', 'nom :', 'nom:',
  'prenom :', 'prenom:', 'enchante', 'enchantee',
];
/** Also without apostrophes: visitors type "moi c est kevin". */
const LEAD_INS = LEAD_IN_PHRASES.flatMap((p) => (p.includes("'") ? [p, p.replace(/'/g, ' ')] : [p])).sort((a, b) => b.length - a.length);
const GREETINGS = ['hey there', 'hi there', 'hello there', 'bonjour', 'bonsoir', 'salut', 'hello', 'hi', 'hey', 'coucou', 'yo', 'oui', 'yes', 'ok', 'alors', 'so', 'well', 'oh', 'ah', 'euh', 'bah', 'ben', 'um', 'uh', 'sure'];
/** Where the name stops: "Marie de chez Acme", "John from Acme", "Paul et je voudrais…". */
const TAIL_MARKERS = [' ici ', ' here ', ' speaking ', " a l'appareil", ' a l appareil', ' au telephone', ' on the line', ' de chez ', ' chez ', ' from ', ' at ', ' with ', ' et je ', ' and i ', ' je ', " j'", ' i ', ' qui ', ' who ', ' merci', ' thanks', ' thank you', ' svp', ' please'];
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'van', 'von', 'der', 'den', 'da', 'di', 'del', 'della', 'dos', 'das', 'y', 'bin', 'ibn', 'al', 'ten', 'ter']);
const NOT_NAMES = new Set(['oui', 'non', 'yes', 'no', 'ok', 'okay', 'merci', 'thanks', 'bonjour', 'hello', 'hi', 'salut',
  'pourquoi', 'why', 'test', 'personne', 'nobody', 'anonyme', 'anonymous', 'rien', 'nothing', 'aucun', 'none', 'skip', 'null', 'undefined']);
/** Words that make an answer a sentence, not a name ("why do you need my name", "I'd rather not say"). */
const SENTENCE_WORDS = new Set(['you', 'your', 'my', 'need', 'do', 'does', 'not', 'rather', 'say', 'want', 'why', 'what', 'how',
  'is', 'are', 'give', 'vous', 'votre', 'pas', 'mon', 'ma', 'mes', 'veux', 'voulez', 'pourquoi', 'quoi', 'est', 'besoin',
  'prefere', 'donner', 'dire', 'cherche', 'voudrais', 'looking', 'would', 'like']);
const NAME_WORD = /^[\p{L}][\p{L}'.-]*$/u;

export const nameExtractor = guardedExtractor<string>('name', (text) => {
  if (text.length > MAX_NAME_LENGTH) return { ok: false, reason: 'too_long' };
  if (/[@<>{}[\]\d_=\\/|#$%*;]|https?:/i.test(text)) return { ok: false, reason: 'not_a_name' };
  const { rest, introduced } = nameClause(text);
  const words = cutTail(rest).split(' ').filter((w) => w.length > 0);
  if (words.length === 0 || words.length > MAX_NAME_WORDS || !words.every((w) => NAME_WORD.test(w))
    || words.some((w) => SENTENCE_WORDS.has(fold(w).replace(/^\w'/, '')))) {
    return { ok: false, reason: 'not_a_name' };
  }
  if (words.length === 1 && NOT_NAMES.has(fold(words[0]!))) return { ok: false, reason: 'not_a_name' };
  const confidence = introduced || words.length <= 3 ? 0.9 : 0.6;
  return { ok: true, value: capitaliseName(words, isOneCase(text)), confidence };
});

/** The first clause with something left after greetings and lead-ins: "Bonjour ! Aurélie", "Name: Olivia", "Marie, et vous ?". */
function nameClause(text: string): { rest: string; introduced: boolean } {
  let introduced = false;
  for (const clause of text.split(/[!?;:…]+/u)) {
    const stripped = stripLeadIn(clause.replace(/\s*,\s*$/u, '').trim());
    introduced ||= stripped.introduced;
    if (stripped.rest.length > 0) return { rest: stripped.rest, introduced };
  }
  return { rest: '', introduced };
}

function stripLeadIn(text: string): { rest: string; introduced: boolean } {
  let rest = text.replace(/^[\s,.!-]+/u, '');
  let introduced = false;
  for (let changed = true; changed;) {
    changed = false;
    const folded = fold(rest);
    for (const prefix of [...GREETINGS, ...LEAD_INS]) {
      if (folded.startsWith(prefix) && (folded.length === prefix.length || /[\s,.!:-]/.test(folded[prefix.length]!))) {
        rest = rest.slice(prefix.length).replace(/^[\s,.!:-]+/u, '');
        introduced ||= LEAD_INS.includes(prefix);
        changed = true;
        break;
      }
    }
  }
  return { rest: rest.split(',')[0]!.trim(), introduced };
}

function cutTail(text: string): string {
  const folded = `${fold(text)} `;
  let end = text.length;
  for (const marker of TAIL_MARKERS) {
    const at = folded.indexOf(marker);
    if (at >= 0) end = Math.min(end, at);
  }
  return stripTrailingDots(text.slice(0, end)).trim();
}

function isOneCase(text: string): boolean {
  return text === text.toLowerCase() || text === text.toUpperCase();
}

/** Articles that start a surname ("Le Goff", "La Fontaine") unless they follow "de"/"du" ("de la Tour"). */
const SURNAME_ARTICLES = new Set(['le', 'la', 'les']);

/** Particles are lower-cased unless the visitor capitalised them on purpose ("Loïc Le Gall", "Nguyen Van Minh"). */
function capitaliseName(words: string[], oneCase: boolean): string {
  return words.map((word, index) => {
    const lower = word.toLowerCase();
    const startsSurname = SURNAME_ARTICLES.has(lower) && !['de', 'du'].includes(fold(words[index - 1] ?? ''));
    if (oneCase && startsSurname && index + 1 < words.length) return capitaliseWord(word);
    if (index > 0 && PARTICLES.has(lower) && (oneCase || word === lower)) return lower;
    if (index > 0 && /^d'/.test(lower)) return `d'${capitaliseWord(word.slice(2))}`;
    return capitaliseWord(word);
  }).join(' ');
}

/** "jean-pierre" → "Jean-Pierre", "O'NEIL" → "O'Neil"; "McDonald" (mixed case, typed on purpose) is kept. */
function capitaliseWord(word: string): string {
  const isMixed = word !== word.toLowerCase() && word !== word.toUpperCase() && word.slice(1) !== word.slice(1).toLowerCase();
  if (isMixed) return word;
  return word.toLowerCase().replace(/(^|[-'])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}
