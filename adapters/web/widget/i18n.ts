/** The widget's own interface strings (bot messages come localised from the server). */
const STRINGS = {
  fr: {
    open: (bot: string) => `Ouvrir la discussion avec ${bot}`,
    close: 'Fermer la discussion',
    dialog: (bot: string) => `Discussion avec ${bot}`,
    messages: 'Messages',
    typing: (bot: string) => `${bot} écrit…`,
    input: 'Votre message',
    placeholder: 'Écrivez votre message…',
    send: 'Envoyer',
    suggestions: 'Réponses suggérées',
    you: 'Vous',
    sending: 'Envoi…',
    queued: 'En attente du réseau, sera envoyé dès le retour de la connexion',
    failed: 'Non envoyé',
    offline: 'Vous êtes hors ligne : vos messages partiront dès le retour du réseau.',
    unread: (n: number) => `${n} nouveau${n > 1 ? 'x' : ''} message${n > 1 ? 's' : ''}`,
    datePlaceholder: 'ex. : dans 3 mois',
    askPerson: 'Parler à un conseiller',
    notAllowed: 'Cette discussion n’est pas encore autorisée sur ce site. Revenez bientôt, ou contactez-nous par un autre moyen.',
  },
  en: {
    open: (bot: string) => `Open the chat with ${bot}`,
    close: 'Close the chat',
    dialog: (bot: string) => `Chat with ${bot}`,
    messages: 'Messages',
    typing: (bot: string) => `${bot} is typing…`,
    input: 'Your message',
    placeholder: 'Type your message…',
    send: 'Send',
    suggestions: 'Suggested replies',
    you: 'You',
    sending: 'Sending…',
    queued: 'Waiting for the network, will be sent when back online',
    failed: 'Not sent',
    offline: 'You are offline: your messages will be sent when the network is back.',
    unread: (n: number) => `${n} new message${n > 1 ? 's' : ''}`,
    datePlaceholder: 'e.g. in 3 months',
    askPerson: 'Talk to a person',
    notAllowed: 'This chat is not enabled on this site yet. Please come back soon, or contact us another way.',
  },
};

export type Strings = (typeof STRINGS)['fr'];

export function stringsFor(locale: string): Strings {
  return locale.toLowerCase().startsWith('en') ? STRINGS.en : STRINGS.fr;
}

/** The languages the widget and the default scripts speak. */
export const WIDGET_LOCALES = Object.keys(STRINGS);

/**
 * The visitor's language: the first of the browser's preferred languages (`navigator.languages`,
 * e.g. ["en-US", "fr"]) the widget speaks, else undefined.
 */
export function preferredLocale(languages: readonly string[]): string | undefined {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (WIDGET_LOCALES.includes(primary)) return primary;
  }
  return undefined;
}
