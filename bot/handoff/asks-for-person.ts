/**
 * "I want to talk to a human", in French or English, at any step of the script. Deliberately
 * narrow: a verb of speaking followed by a person word, so an answer that merely mentions a
 * colleague ("je décide avec mon conseiller") keeps going to the script.
 */
import { cleanText, fold } from '../nlu/text.js';

const FR = [
  /\b(parler|discuter|echanger|etre (mis )?en (relation|contact)) (a|avec) (quelqu ?un|une personne|une vraie personne|un humain|un etre humain)\b/,
  /\b(parler|discuter|echanger|etre (mis )?en (relation|contact)) (a|avec) (un |une |le |la |l |votre |vos )?(conseiller|conseillere|commercial|commerciale|humain|vendeur|vendeuse|agent|expert|equipe commerciale)s?\b/,
  /\b(un|une) (conseiller|conseillere|commercial|commerciale|humain|vraie personne|personne reelle|vrai humain)s? (svp|s il vous plait|please|stp)\b/,
  /^(un |une )?(conseiller|conseillere|commercial|humain|vraie personne|vrai humain)s? ?[!?.]*$/,
  /\bje (veux|voudrais|souhaite|souhaiterais|aimerais) (parler|discuter|echanger) (a|avec) quelqu ?un\b/,
];

const EN = [
  /\b(talk|speak|chat) (to|with) (a |an |some |someone|somebody|a real |an actual )?(human|person|people|agent|rep|representative|salesperson|sales rep|someone|somebody|advisor|adviser|consultant)\b/,
  /\b(human|real person|live agent|sales rep|representative) (please|pls)\b/,
  /^(a )?(human|real person|live agent|agent|representative)( please)? ?[!?.]*$/,
  /\b(get|put) me (through )?(to|in touch with) (a |an |someone|somebody)/,
];

/** True when the visitor asks to talk to a person. */
export function asksForPerson(text: string | undefined): boolean {
  if (!text || text.length > 500) return false;
  const simple = fold(cleanText(text)).replace(/[',]/g, ' ').replace(/\s+/g, ' ').trim();
  return [...FR, ...EN].some((pattern) => pattern.test(simple));
}
