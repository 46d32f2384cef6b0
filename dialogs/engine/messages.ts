/**
 * Built-in texts (overridable by a script's `messages`) and {placeholder} rendering.
 */
import type { Locale } from '../../core/lead/model.js';
import type { LocalizedText } from './model.js';

export const BUILTIN_MESSAGES: Record<string, LocalizedText> = {
  'error.default': { fr: "Je n'ai pas bien compris votre réponse. Pouvez-vous reformuler ?", en: "Sorry, I didn't get that. Could you rephrase?" },
  'error.empty': { fr: 'Votre réponse est vide. Pouvez-vous répondre à la question ?', en: 'Your answer is empty. Could you answer the question?' },
  'error.too_long': {
    fr: 'Votre réponse est trop longue ({max} caractères maximum). Pouvez-vous la raccourcir ?',
    en: 'Your answer is too long ({max} characters at most). Could you make it shorter?',
  },
  'error.no_match': { fr: 'Merci de choisir une des options proposées (vous pouvez taper son numéro).', en: 'Please pick one of the options (you can type its number).' },
  'error.not_confirm': { fr: 'Répondez simplement par oui ou par non.', en: 'Just answer yes or no.' },
  'error.invalid_number': { fr: "Merci d'indiquer un nombre.", en: 'Please enter a number.' },
  'error.invalid_date': { fr: "Je n'ai pas reconnu de date. Par exemple : « 15 mars » ou « dans 2 semaines ».", en: "I couldn't read a date. For example: “March 15” or “in 2 weeks”." },
  'error.invalid_email': { fr: "Cette adresse e-mail ne semble pas valide. Pouvez-vous la vérifier ?", en: "That email address doesn't look valid. Could you check it?" },
  'error.not_a_name': { fr: 'Je n\'ai pas reconnu un nom. Pouvez-vous indiquer votre prénom et votre nom ?', en: "That doesn't look like a name. Could you give your first and last name?" },
  'error.not_a_company': { fr: "Je n'ai pas reconnu un nom d'entreprise. Pouvez-vous le préciser ?", en: "That doesn't look like a company name. Could you tell me which company?" },
  'error.invalid_phone': { fr: "Ce numéro de téléphone ne semble pas valide. Pouvez-vous le vérifier ?", en: "That phone number doesn't look valid. Could you check it?" },
  'ask.failed': { fr: "Pas de souci, passons à la suite.", en: "No problem, let's move on." },
  'ask.failed_end': { fr: "Désolé, je n'arrive pas à comprendre. Vous pouvez recommencer à tout moment en tapant « recommencer ».", en: "Sorry, I can't seem to understand. You can start over at any time by typing “restart”." },
  'command.help': { fr: 'Répondez simplement à la question. Tapez « recommencer » pour reprendre depuis le début ou « annuler » pour arrêter.', en: 'Just answer the question. Type “restart” to start over or “stop” to end the conversation.' },
  'command.restart': { fr: "D'accord, on reprend depuis le début.", en: "Sure, let's start over." },
  'command.stop': { fr: "Très bien, j'arrête ici. Merci et à bientôt !", en: 'Alright, I will stop here. Thanks, and see you soon!' },
  'suggestion.confirm': { fr: 'Vouliez-vous dire {suggestion} ?', en: 'Did you mean {suggestion}?' },
  'choice.yes': { fr: 'Oui', en: 'Yes' },
  // Said when a turn could not be completed (the store refused it): nothing of that message was kept.
  'error.unavailable': {
    fr: 'Désolé, un incident technique nous empêche d’enregistrer votre réponse. Merci de la renvoyer dans un instant.',
    en: 'Sorry, a technical problem on our side kept us from saving your answer. Please send it again in a moment.',
  },
  'choice.no': { fr: 'Non', en: 'No' },
};

export const DEFAULT_COMMANDS = {
  restart: ['restart', 'start over', 'recommencer', 'recommencez', 'reprendre'],
  stop: ['stop', 'cancel', 'quit', 'annuler', 'arreter', 'arrête', 'stop merci'],
  help: ['help', 'aide', '?', 'au secours'],
  skip: ['skip', 'passer', 'je passe', 'pass', 'sans', 'aucun', 'none'],
};

/** The text for this locale; falls back to the other locale rather than sending nothing. */
export function pickLocale(text: LocalizedText, locale: Locale): string {
  return text[locale] ?? text.fr ?? text.en ?? '';
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;
/** A `[…]` section, or a `{placeholder}` outside one. */
const TOKEN = /\[([^[\]]*)\]|\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;

/**
 * Replace `{name}` / `{timeline.text}` with collected values; unknown placeholders become empty.
 * `{firstName}` is derived from `name`, for a friendlier "Merci Marie !". A `[…]` section holding
 * placeholders is left out when one of them has no value ("Merci[ {firstName}] !" → "Merci !"),
 * so a designer never ships "Merci  !"; brackets without a placeholder are plain text.
 * One pass over the template: a value containing `{email}` or brackets is never expanded.
 */
export function render(template: string, values: Record<string, unknown>): string {
  const valueOf = (path: string): string =>
    display(path === 'firstName' && !Object.hasOwn(values, 'firstName') ? firstNameOf(values.name) : lookup(values, path));
  return template.replace(TOKEN, (whole, section: string | undefined, path: string | undefined) => {
    if (path !== undefined) return valueOf(path);
    let placeholders = 0;
    let missing = false;
    const text = (section ?? '').replace(PLACEHOLDER, (_placeholder, inner: string) => {
      const value = valueOf(inner);
      placeholders += 1;
      if (value === '') missing = true;
      return value;
    });
    if (placeholders === 0) return whole;
    return missing ? '' : text;
  });
}

const TITLES = /^(m|mr|mrs|ms|mme|mlle|dr|pr|prof|me)\.?$/i;

function firstNameOf(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const words = name.trim().split(/\s+/);
  // "Dr Marie Curie" → Marie; a lone title + surname ("Mme Durand") stays whole, as a polite address.
  if (words.length > 2 && TITLES.test(words[0]!)) return words[1];
  return TITLES.test(words[0] ?? '') ? name.trim() : words[0];
}

export function lookup(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['label', 'text', 'address', 'amount']) if (key in record) return display(record[key]);
  }
  return '';
}
