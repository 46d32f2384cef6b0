/** What the bot says around a hand-off, in the visitor's language. */
import type { Locale } from '../../core/lead/model.js';

const TEXT = {
  fr: {
    joined: (name: string) => `${name} de l'équipe commerciale a rejoint la conversation`,
    left: (name: string) => `${name} a quitté la conversation. Reprenons où nous en étions.`,
    requested: "Je préviens l'équipe commerciale : quelqu'un va vous rejoindre ici dans quelques instants. En attendant, je reste à votre disposition.",
    alreadyRequested: "L'équipe commerciale est prévenue, quelqu'un va vous rejoindre ici.",
    nobodyAvailable: "Désolé, personne de l'équipe commerciale n'est disponible pour le moment. Voulez-vous qu'on vous rappelle ? Choisissez un créneau :",
    closed: "Notre équipe commerciale n'est pas disponible à cette heure-ci. Voulez-vous qu'on vous rappelle ? Choisissez un créneau :",
    noSlot: "Désolé, personne de l'équipe commerciale n'est disponible pour le moment et aucun créneau de rappel n'est ouvert. Je continue avec vous.",
    noThanks: 'Non merci',
    callbackNoted: (slot: string) => `C'est noté : l'équipe commerciale vous rappellera ${slot}.`,
    callbackDeclined: "Entendu, pas de rappel. Je continue avec vous.",
  },
  en: {
    joined: (name: string) => `${name} from the sales team joined the conversation`,
    left: (name: string) => `${name} left the conversation. Let's pick up where we were.`,
    requested: "I'm letting the sales team know: someone will join you here in a moment. Meanwhile, I'm still here.",
    alreadyRequested: 'The sales team has been told: someone will join you here.',
    nobodyAvailable: 'Sorry, nobody from the sales team is available right now. Would you like a call back? Pick a slot:',
    closed: 'Our sales team is not available at this time. Would you like a call back? Pick a slot:',
    noSlot: 'Sorry, nobody from the sales team is available right now and no call-back slot is open. Let me carry on with you.',
    noThanks: 'No thanks',
    callbackNoted: (slot: string) => `Noted: the sales team will call you back on ${slot}.`,
    callbackDeclined: "All right, no call back. Let's carry on.",
  },
} as const;

export type HandoffText = (typeof TEXT)['fr' | 'en'];

export function handoffText(locale: Locale): HandoffText {
  return TEXT[locale];
}
