/**
 * `role`: where the visitor stands in the buying decision. Titles are matched as words on folded
 * text; the order matters (an "étudiant en management" is a student, an "assistante de direction"
 * is not a director).
 */
import type { Role } from '../../lead/model.js';
import type { Extractor } from '../types.js';
import { matchRules, type KeywordRule } from './rules.js';

export const ROLES: readonly Role[] = ['decision-maker', 'influencer', 'user', 'student', 'other'];

const RULES: readonly KeywordRule<Role>[] = [
  { value: 'student', pattern: /\b(?:etudiante?s?|student|eleve|stagiaire|intern(?:ship)?|alternante?|apprentie?|en alternance|en stage|(?:master|phd|mba|bts|licence|doctorat|these|thesis|memoire|school|ecole|university|universite|fac|college)\b.*\b(?:projet|project|etudes?|studies|studying|j'etudie|je prepare|preparing)|j'etudie|i study|i'm studying|doctorante?|phd candidate|memoire|thesis|dissertation|grad student|undergrad)\b/ },
  { value: 'other', pattern: /\b(?:retraitee?|retired|journaliste|journalist|blogg?eur|blogger|chercheur d'emploi|demandeur d'emploi|job ?seeker|looking for (?:a )?job|cherche (?:un )?(?:emploi|job|travail|poste)|candidate?|postuler|apply(?:ing)? for|recruteur|recruiter|particulier|private individual|just a visitor|simple visiteur|concurrent|competitor|investisseur|investor)\b/ },
  { value: 'user', pattern: /\b(?:assistante?s? (?:de (?:direction|la direction|du directeur|du dg)|du (?:directeur|dg|ceo|pdg))|(?:executive |personal )?assistant to|office manager)\b/ },
  // Someone acting for their boss influences the decision, whatever their title.
  { value: 'influencer', pattern: /\b(?:pour|for|convaincre|convince|persuade|to) (?:mon|ma|my|our|notre) (?:boss|patron|patronne|chef|cheffe|manager|director|directeur|directrice|dg|ceo|n\+1|direction|management|superieur|supervisor)\b/ },
  { value: 'decision-maker', pattern: /\b(?:p-?dg|dg|dga|dsi|daf|drh|dircom|ceo|cto|cfo|coo|cmo|cio|cdo|cso|cro|chief \w+(?: \w+)? officer|c-level|president(?:e)?|fondat(?:eur|rice)|co-?fondat(?:eur|rice)|founder|co-?founder|gerante?|(?<!product )owner|i own|sole proprietor|i make (?:the|all the) decisions?|proprietaire|patron(?:ne)?|boss|chef d'entreprise|dirigeante?|business owner|managing director|general manager|directeur|directrice|director|direction generale|head of|vp|vice[- ]president|svp|evp|associee?|partner|entrepreneur|auto-?entrepreneur|freelance|independante?|self[- ]employed|consultant independant|je (?:decide|signe|valide le budget|tiens le budget)|c'est moi qui (?:decide|signe|valide)|i (?:decide|sign|own the budget|hold the budget|approve)|decision[- ]?maker|decideur|decisionnaire|budget holder|i run (?:the|my|a)|je dirige|je gere (?:la|ma|une|notre) (?:boite|societe|entreprise|startup|agence|pme))\b/ },
  { value: 'influencer', pattern: /\b(?:responsable|(?<!community |office |account )manager|chef de (?:projet|produit|service)|cheffe de (?:projet|produit|service)|team ?lead|tech ?lead|lead (?:dev|tech)|product owner|product manager|project manager|program manager|\bpo\b|\bpm\b|consultante?|consultant|architecte?|architect|je (?:recommande|prepare|compare|evalue|benchmark|fais (?:le|un) benchmark|monte le dossier|cherche des solutions pour|me renseigne pour)|i(?:'m| am)? (?:recommend|evaluat|research|compar|shortlist)\w*|on behalf of|pour (?:mon|ma) (?:boss|patron|patronne|chef|cheffe|direction|dg|manager|n\+1)|for my (?:boss|manager|ceo|director|team)|(?:je dois|i need to|i have to|i'll) (?:presenter|present|report|convaincre|convince|soumettre|submit)|acheteur|acheteuse|buyer|purchasing|procurement|achats)\b/ },
  { value: 'user', pattern: /\b(?:utilisat(?:eur|rice)|user|end user|developpeu(?:r|se)|developer|dev|ingenieur|engineer|commerciale?|sales ?rep|account executive|technicien(?:ne)?|comptable|accountant|salariee?|employee?|employe|collaborat(?:eur|rice)|membre de l'equipe|(?:fais|fait) partie (?:de l'equipe|du service|du pole|de la team)|dans l'equipe|in the \w+ team|on the \w+ team|part of the \w+ team|team member|staff|operat(?:eur|rice)|agent|charge(?:e)? de|chargee? d'|assistante?|assistant|je (?:vais|serai) (?:l'|l )?utilis|i(?:'ll| will) (?:be )?us(?:e|ing)|analyste?|analyst|designer|marketeur|community manager|graphiste|secretaire|receptionniste|receptionist|support|conseill(?:er|ere))\b/ },
];

export const roleExtractor: Extractor<Role> = {
  slot: 'role',
  extract: (text) => matchRules(text, RULES),
};
