/**
 * `company`: "je travaille chez Acme SAS", "Acme", "I work for Globex Corp." → `{name:'Acme SAS', kind:'company'}`.
 * Visitors without a company say so: "freelance", "indépendant", "auto-entrepreneur", "self-employed"
 * → `{name:null, kind:'self-employed'}`; "particulier", "pour moi", "no company", "student" →
 * `{name:null, kind:'individual'}`. A freelancer who names their business keeps the name
 * ("freelance, studio Pixel" → `{name:'Studio Pixel', kind:'self-employed'}`).
 * Names typed all lower case are capitalised word by word ("leroy merlin" → "Leroy Merlin"); anything else is kept as typed.
 * Reasons: empty, too_long, not_a_company (e-mail, markup, a long sentence, "oui"…).
 */
import { fold, guardedExtractor, hasPhrase, stripTrailingDots } from '../text.js';

export type CompanyKind = 'company' | 'self-employed' | 'individual';
export interface CompanyValue {
  name: string | null;
  kind: CompanyKind;
}

const MAX_COMPANY_LENGTH = 120;
const MAX_COMPANY_WORDS = 8;

const SELF_EMPLOYED = ['freelance', 'freelancer', 'free-lance', 'free lance', 'independant', 'independante', 'auto-entrepreneur',
  'auto entrepreneur', 'autoentrepreneur', 'micro-entrepreneur', 'micro entrepreneur', 'microentreprise', 'micro-entreprise',
  'self-employed', 'self employed', 'sole trader', 'contractor', 'consultant independant', 'a mon compte', 'a mon propre compte',
  'on my own', 'my own business', 'ma propre boite', 'mon compte', 'solo', 'solopreneur', 'entrepreneur individuel', 'ei'];
const INDIVIDUAL = ['particulier', 'particuliere', 'a titre personnel', 'a titre perso', 'pour moi', 'perso', 'personnel',
  'aucune', 'aucune entreprise', 'pas d entreprise', "pas d'entreprise", 'pas de societe', 'pas de boite', 'sans entreprise',
  'no company', 'none', 'n/a', 'individual', 'private individual', 'private', 'personal', 'personal project', 'just me', 'myself',
  'etudiant', 'etudiante', 'student', 'retraite', 'retired', 'sans emploi', 'unemployed', 'en recherche d emploi', 'chomeur'];

const LEAD_INS = ["je travaille chez", 'je travaille pour', 'je travaille a', 'je bosse chez', 'je bosse pour', 'je suis chez',
  "je viens de chez", "je represente", 'nous sommes', 'on est', 'notre societe', 'notre entreprise', 'notre boite', 'ma societe',
  'mon entreprise', 'ma boite', 'mon employeur est', "mon employeur c'est", 'mon employeur', "l'entreprise", 'la societe', 'la boite', 'boite',
  "c'est", 'chez', 'pour', 'i work at', 'i work for', "i'm with", 'i am with', "i'm at", 'i am at', 'i represent', 'we are',
  "we're", 'our company is', 'my company is', 'my employer is', 'company name is', 'company is', 'company:', 'the company is',
  'employer:', 'it is', "it's", 'working at', 'working for', 'at', 'with', 'for', 'from', 'it s', 'c est', 'ca s appelle',
  "ca s'appelle", "elle s'appelle", 'called', 'nom de l entreprise', "nom de l'entreprise", 'raison sociale', 'employeur',
].sort((a, b) => b.length - a.length);
const FILLERS = ['bonjour', 'hello', 'hi', 'oui', 'yes', 'alors', 'euh', 'so', 'well', 'ok', 'actuellement', 'currently', 'en ce moment',
  'right now', 'moi', 'je suis', 'i am', "i'm"];
/** Declining to answer is not a company name ("je préfère ne pas le dire", "rather not say"). */
const DECLINES = ['prefere ne pas', 'prefere pas', 'prefer not', 'rather not', 'ne souhaite pas', 'souhaite pas', 'je ne veux pas',
  'veux pas', 'pas envie', 'not telling', "won't say", 'wont say', 'je ne dirai pas', 'no comment', 'sans commentaire'];
const NOT_COMPANIES = new Set(['oui', 'non', 'yes', 'no', 'ok', 'merci', 'thanks', 'test', 'rien', 'nothing', 'pourquoi', 'why',
  'secret', 'confidentiel', 'confidential', 'null', 'undefined', 'skip']);
/** "a student at", "un développeur chez": a position (one or two words) before the employer's name. */
const POSITION_AT = /^(?:an?|un|une)\s+(?:[\p{L}'-]+\s+){1,2}?(?:at|with|for|chez|pour|à)\s+(?=\S)/iu;
/** Where the name stops: "Acme depuis 5 ans", "Globex as a developer", "Acme, une PME". */
const TAIL = / (?:depuis|since|en tant qu|comme|as an? |ou je|where|qui|which|et je|and i|dans le|in the)\b|, (?!(?:inc|ltd|llc|sa|sas|sarl|gmbh)\b)/u;
/** "Les Jardins de Marie (SARL)", "Acme (Lyon)": a closing parenthesis is a remark about the name, not part of it. */
const TRAILING_REMARK = /\s*\([^()]*\)$/u;
const TRAILING_NOISE = /\s*(?:,?\s*(?:merci|thanks|thank you|svp|please)\b.*|!+)$/iu;

export const companyExtractor = guardedExtractor<CompanyValue>('company', (text) => {
  if (text.length > MAX_COMPANY_LENGTH) return { ok: false, reason: 'too_long' };
  // A question, however it ends ("?!"), is not a name: the "!" stripped below would leave "…?" as one.
  if (/[<>{}\\;]|@|https?:|\?[\s!?]*$/i.test(text)) return { ok: false, reason: 'not_a_company' };
  const folded = fold(text);
  const selfEmployed = hasPhrase(folded, SELF_EMPLOYED);
  const name = companyName(text, selfEmployed);
  if (selfEmployed) return { ok: true, value: { name, kind: 'self-employed' }, confidence: 0.9 };
  if ((name === null || !/\p{Lu}/u.test(text.slice(1))) && hasPhrase(folded, INDIVIDUAL)) return { ok: true, value: { name: null, kind: 'individual' }, confidence: 0.9 };
  if (name === null || hasPhrase(folded, DECLINES)) return { ok: false, reason: 'not_a_company' };
  const words = name.split(' ').length;
  return { ok: true, value: { name, kind: 'company' }, confidence: words <= 4 ? 0.9 : 0.6 };
});

/** The name after lead-ins and fillers; null when what is left is not a plausible company name. */
function companyName(text: string, selfEmployed: boolean): string | null {
  let rest = stripTrailingDots(text.replace(TRAILING_NOISE, ''));
  if (selfEmployed) {
    // "freelance, studio Pixel" / "indépendant sous le nom de Pixel" — keep only what names the business.
    const named = /(?:sous le nom(?: de)?|nom commercial|sous l'enseigne|trading as|as|,)\s+(.+)$/iu.exec(rest);
    if (!named) return null;
    rest = named[1]!;
  }
  rest = cutTail(stripPrefixes(namedPart(rest))).replace(TRAILING_REMARK, '');
  const folded = fold(rest);
  // A name has a letter or a digit: "!'" leaves "!", which is punctuation, not a company. It does not end as a question
  // either: a quote stripped after one ("0?`") would leave a name ("0?") that this extractor refuses when read again.
  if (!/[\p{L}\p{N}]/u.test(rest) || /\?[\s!?]*$/.test(rest) || NOT_COMPANIES.has(folded) || hasPhrase(folded, SELF_EMPLOYED) || isIndividual(folded)) return null;
  if (rest.split(' ').length > MAX_COMPANY_WORDS) return null;
  return rest === rest.toLowerCase() ? rest.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, l: string) => sep + l.toUpperCase()) : rest;
}

function isIndividual(folded: string): boolean {
  return INDIVIDUAL.includes(folded) || hasPhrase(folded, INDIVIDUAL.filter((p) => p.includes(' ')));
}

/**
 * The part of the answer that names the company: what follows "called"/"s'appelle", or, around a comma,
 * the capitalised segment next to a lower-case description ("c'est une petite boîte, Durand & Fils").
 */
function namedPart(text: string): string {
  const called = /\b(?:called|named|s'appelle|s appelle|nommee?|denommee?)\s+(.+)$/iu.exec(text);
  if (called) return called[1]!;
  const segments = text.split(/\s*,\s*/);
  if (segments.length < 2) return text;
  const first = segments[0]!;
  const isDescription = first === first.toLowerCase() && first.includes(' ');
  const named = segments.slice(1).find((segment) => /\p{Lu}/u.test(segment));
  return isDescription && named ? named : text;
}

function cutTail(text: string): string {
  const at = fold(text).search(TAIL);
  return (at > 0 ? text.slice(0, at) : text).trim();
}

function stripPrefixes(text: string): string {
  let rest = text.trim();
  for (let changed = true; changed;) {
    changed = false;
    const folded = fold(rest);
    for (const prefix of [...LEAD_INS, ...FILLERS]) {
      if (folded.startsWith(prefix) && folded.length > prefix.length && /[\s,:'-]/.test(folded[prefix.length]!)) {
        rest = rest.slice(prefix.length).replace(/^[\s,:-]+/u, '');
        changed = true;
        break;
      }
    }
  }
  // "working for the NHS", "je suis au CHU de Nantes": an article or "au" right after a lead-in is not part of the name;
  // nor is one typed in lower case before a capitalised name ("la Mairie de Lyon"; "La Poste" keeps its capital).
  // "I'm a student at UCL", "je suis une stagiaire chez Acme": after a lead-in, what someone is comes before where.
  if (rest !== text.trim()) rest = rest.replace(POSITION_AT, '');
  if (rest !== text.trim()) rest = rest.replace(/^(?:(?:the|le|la|les|au|aux|à la|a la)\s+|à l'|a l')(?=\p{Lu})/u, '');
  else rest = rest.replace(/^(?:the|le|la|les)\s+(?=\p{Lu})/u, '');
  return rest.replace(/^["'«]\s*|\s*["'»]$/gu, '').trim();
}
