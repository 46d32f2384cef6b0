/**
 * FR/EN words for timeline phrases, on folded text (lower case, no accents). Regex sources here are
 * alternations without nested quantifiers, so matching stays linear.
 */

/** Month names → 0-based month. English "may"/"mar" are left out: "I may…" is not a month. */
export const MONTHS: Record<string, number> = {
  janvier: 0, janv: 0, january: 0, jan: 0,
  fevrier: 1, fevr: 1, fev: 1, february: 1, feb: 1,
  mars: 2, march: 2,
  avril: 3, avr: 3, april: 3, apr: 3,
  mai: 4,
  juin: 5, june: 5, jun: 5,
  juillet: 6, juil: 6, july: 6, jul: 6,
  aout: 7, august: 7, aug: 7,
  septembre: 8, sept: 8, september: 8, sep: 8,
  octobre: 9, october: 9, oct: 9,
  novembre: 10, november: 10, nov: 10,
  decembre: 11, december: 11, dec: 11,
};
export const MONTH_ALTERNATION = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

/**
 * Counting words the number-word pass (text.ts `numberWordsToDigits`) leaves alone: articles, "a couple of",
 * "quelques", and approximate counts ("une quarantaine de jours").
 */
export const NUMBER_WORDS: Record<string, number> = {
  un: 1, une: 1, a: 1, an: 1, one: 1, couple: 2, 'a couple of': 2, quelques: 3, few: 3, 'a few': 3, plusieurs: 4, several: 4,
  dizaine: 10, douzaine: 12, quinzaine: 15, vingtaine: 20, trentaine: 30, quarantaine: 40, cinquantaine: 50, soixantaine: 60,
  centaine: 100,
};
export const NUMBER_ALTERNATION = ['\\d+(?:[.,]\\d+)?', ...Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length)].join('|');

export const UNIT_MONTHS: [RegExp, number][] = [
  [/^(?:heures?|h|hours?|hrs?)$/, 1 / 24 / 30.4375],
  [/^(?:jours?|j|days?)$/, 1 / 30.4375],
  [/^(?:semaines?|sem|weeks?|wks?|wk)$/, 7 / 30.4375],
  [/^(?:fortnights?)$/, 14 / 30.4375],
  [/^(?:mois|moi|months?|mths?)$/, 1],
  [/^(?:trimestres?|quarters?)$/, 3],
  [/^(?:semestres?|semesters?)$/, 6],
  [/^(?:ans?|annees?|years?|yrs?|yr)$/, 12],
];
export const UNIT_ALTERNATION = 'heures?|h|hours?|hrs?|jours?|j|days?|semaines?|sem|weeks?|wks?|fortnights?|mois|moi|months?|mths?|'
  + 'trimestres?|quarters?|semestres?|semesters?|ans?|annees?|years?|yrs?';

/**
 * Phrases without a date, in precedence order: the first one found decides. Value: months, or a bucket.
 * A string matches as whole words; a RegExp says what a family of wordings has in common.
 */
export type VaguePhrase = [string | RegExp, number | 'none' | 'unknown'];
export const VAGUE_PHRASES: VaguePhrase[] = [
  // Negated urgency first, so "pas urgent" is not read as "urgent".
  ...['pas urgent', 'pas tres urgent', 'rien d urgent', "rien d'urgent", 'not urgent', 'nothing urgent', 'no rush', 'no hurry',
    'pas presse', 'pas pressee', 'pas pressant', 'pas tout de suite', 'not right away', 'not immediately', 'not straight away',
    'in no hurry', 'not in a hurry', 'pas d urgence', "pas d'urgence", 'aucune urgence'].map((p) => [p, 9] as [string, number]),
  ...['pas de projet', 'aucun projet', 'pas vraiment de projet', 'pas de besoin', 'aucun besoin', 'pas de besoin', 'curiosite',
    'juste curieux', 'juste curieuse', 'simple curieux', 'par curiosite', 'je me renseigne', 'je regarde juste', 'juste pour voir',
    'juste regarder', 'je regarde seulement', 'je fais de la veille', 'rien de prevu', 'pas prevu', 'pas pour le moment',
    "pas pour l'instant", 'pas pour l instant', 'pas maintenant', 'pas a l ordre du jour', "pas a l'ordre du jour", 'jamais',
    'pas interesse', 'no project', 'no plans', 'no plan', 'nothing planned', 'not planned', 'no need', 'no real need',
    'just curious', 'curious', 'curiosity', 'just browsing', 'just looking', 'browsing', 'not looking', 'not now', 'not right now',
    'not at the moment', 'not for now', 'not for the moment', 'never', 'not interested', 'for information', 'pour info',
    'just gathering information', 'just researching', 'research purposes'].map((p) => [p, 'none'] as [string, 'none']),
  // No project, whatever the wording: "pas encore de projet", "no real plans yet"...
  [/(?:\b(?:pas|aucun|no|not any|without|do not have(?: any| a)?)|n't (?:have|got)(?: any| a)?)\s+(?:(?:encore|yet|vraiment|really|real|concrete)\s+)*(?:de\s+|d')?(?:projets?|projects?|plans?|besoins?|needs?)\b/, 'none'],
  // ...or only looking around: "on regarde juste", "je compare juste les offres", "only researching".
  [/\b(?:juste|seulement|simplement|just|only|simply|merely)\s+(?:(?:en\s+train\s+de|pour|to|for)\s+)?(?:regard|compar|renseign|voir|look|brows|research|check|explor|curio|curieu|gather|info|se\s+renseign|me\s+renseign)/, 'none'],
  [/\b(?:regard|compar|renseign|look|brows|research|explor)\w*\s+(?:juste|seulement|simplement|just|only|around)\b/, 'none'],
  // ...or window-shopping: "having a look", "du lèche-vitrine".
  [/\b(?:(?:having|have|taking|take)\s+a\s+(?:quick\s+|little\s+)?look|window[- ]shopping|leche[- ]vitrine)\b/, 'none'],
  // No purchase intended: "on ne compte rien acheter", "pas l'intention d'acheter", "not going to buy", "not in the market".
  [/\b(?:rien|aucune?|pas|jamais)\s+(?:(?:l'intention|le projet|besoin|envie|prevu|encore|vraiment)\s+)?(?:d'|de |d )?(?:acheter|achat|investir|investissement|commande)\b/, 'none'],
  [/(?:\b(?:not|no|never)|n't)\s+(?:(?:going|planning|looking|intending|about|ready|trying)\s+)?(?:to\s+)?(?:buy|buying|purchase|purchasing)\b|\bnot in the market\b/, 'none'],
  // Asking for school or a write-up, not for a project: "I'm a student", "pour mon mémoire".
  [/\b(?:student|etudiante?|school project|university project|homework|thesis|dissertation|memoire|writing (?:a|an|my) (?:report|paper|article|essay))\b/, 'none'],
  ...['prochains jours', 'jours a venir', 'jours qui viennent', 'coming days', 'next few days', 'next couple of days', 'few days',
    'quinzaine', 'huitaine'].map((p) => [p, 0.4] as [string, number]),
  ...['les semaines a venir', 'prochaines semaines', 'quelques semaines', 'coming weeks', 'next few weeks', 'a few weeks',
    'within weeks', 'in weeks'].map((p) => [p, 0.75] as [string, number]),
  ...['prochains mois', 'mois a venir', 'mois qui viennent', 'quelques mois', 'coming months', 'next few months', 'a few months',
    'few months', 'within months'].map((p) => [p, 3] as [string, number]),
  ...['half a year', 'half year', 'un semestre', 'demi-annee', 'demi annee'].map((p) => [p, 6] as [string, number]),
  ...['plusieurs mois', 'several months'].map((p) => [p, 5] as [string, number]),
  ...['quelques annees', 'plusieurs annees', 'a few years', 'several years', 'few years', 'long terme', 'long-term', 'long term',
    'un jour', 'some day', 'someday', 'eventually', 'a terme', 'pas avant longtemps', 'not for a while', 'not anytime soon',
    'pas dans l immediat', "pas dans l'immediat", 'not in the near future'].map((p) => [p, 18] as [string, number]),
  ...['week after next', 'semaine d apres', "semaine d'apres"].map((p) => [p, 0.5] as [string, number]),
  ...['moyen terme', 'medium term', 'medium-term', 'mid term', 'mid-term'].map((p) => [p, 9] as [string, number]),
  ...['urgentissime', 'tres urgent', 'urgent', 'urgence', 'urgently', 'asap', 'a.s.a.p', 'des que possible', 'des que possible',
    'au plus vite', 'au plus tot', 'le plus tot possible', 'le plus vite possible', 'au plus vite', 'immediatement', 'tout de suite',
    'maintenant', 'aujourd hui', "aujourd'hui", 'demain', 'hier', 'right now', 'right away', 'straight away', 'immediately',
    'now', 'today', 'tomorrow', 'yesterday', 'as soon as possible', 'soonest', 'deja commence', 'deja en cours', 'en cours',
    'already started', 'ongoing', 'in progress', 'c est presse', "c'est presse", 'presse', 'rush', 'hurry', 'sans attendre',
    'without delay', 'des maintenant', 'cette semaine', 'this week', 'ce week-end', 'ce weekend', 'this weekend', 'lundi',
    'mardi', 'mercredi', 'jeudi', 'vendredi', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'ce mois-ci',
    'ce mois ci', 'this month', 'dans le mois', 'within the month', 'fin du mois', 'fin de mois', 'end of the month',
    'end of month', 'semaine prochaine', 'next week', 'in a week', 'dans la semaine', 'within the week', 'en retard',
    'already late', 'running late', 'behind schedule', 'overdue', 'as soon as we can', 'as soon as i can', 'as soon as we are able',
    'the sooner the better', 'the earlier the better', 'sooner rather than later', 'le plus tot sera le mieux', 'plus tot sera le mieux',
    'le plus vite sera le mieux', 'des qu on peut', "des qu'on peut", 'des que nous pourrons', 'des qu on pourra', "des qu'on pourra"].map((p) => [p, 0] as [string, number]),
  // As fast as can be, however it is worded: "as soon as humanly possible", "le plus rapidement possible", "asap really".
  [/\b(?:as (?:soon|quickly|fast|early|rapidly|promptly) as (?:\w+ ){0,2}(?:possible|feasible|we can|i can|you can)|(?:le |au )?plus (?:vite|tot|rapidement|promptement) (?:\w+ ){0,2}possible|aussi (?:vite|rapidement|tot) que (?:\w+ ){0,2}possible|des que (?:\w+ ){0,2}possible)\b/, 0],
  // By the end of this week; or already overdue: "should have been done", "il nous le fallait", "the deadline has passed".
  [/\b(?:end of (?:the |this )?week|fin de (?:la |cette )?semaine)\b/, 0],
  [/\b(?:should have|should've|ought to have|aurait du|aurait fallu|aurions du|fallait|was due|were due|deadline (?:was|has passed|passed)|already (?:passed|overdue|due))\b/, 0],
  ...['court terme', 'short term', 'short-term', 'bientot', 'tres bientot', 'soon', 'very soon', 'rapidement', 'vite',
    'prochainement', 'd ici peu', "d'ici peu", 'sous peu', 'dans peu de temps', 'dans pas longtemps', 'shortly', 'quickly',
    'near future', 'avenir proche', 'futur proche', 'fairly soon', 'pretty soon', 'rather soon', 'assez vite']
    .map((p) => [p, 1.5] as [string, number]),
  ...['je ne sais pas', 'je sais pas', 'sais pas', 'ne sais pas', 'sait pas', 'jsp', 'chais pas', 'aucune idee', 'pas d idee',
    "pas d'idee", 'pas idee', 'no idea', 'not sure', 'unsure', 'pas sur', 'pas sure', 'pas certain', 'pas encore decide',
    'pas decide', 'indecis', 'a definir', 'a determiner', 'a voir', 'on verra',
    'indetermine', 'non defini', 'pas defini', 'pas de date', 'pas de deadline', 'pas de calendrier', 'pas fixe', 'flexible',
    "don't know", 'dont know', 'do not know', 'dunno', 'idk', 'tbd', 'to be determined', 'to be defined', 'undecided',
    'not decided', "we'll see", 'well see', 'we will see', 'no deadline', 'no fixed deadline', 'no set deadline', 'no fixed date', 'no set date', 'no specific date', 'pas de date fixe',
    'pas de date precise', 'pas de deadline fixe', 'no timeline', 'no date',
    'not yet defined', 'not defined', 'unknown', 'inconnu', 'hard to say', 'difficile a dire', 'can t say', "can't say",
    'no clue', 'pas la moindre idee', 'aucune date', 'tbc', 'to be confirmed', 'a confirmer'].map((p) => [p, 'unknown'] as [string, 'unknown']),
  // Not settled yet: "pas encore défini", "ça dépendra du budget", "not decided yet".
  [/(?:\b(?:pas|not|non)|n't|\brien n'est)\s+(?:(?:encore|yet|been|really|vraiment)\s+)?(?:defini|decide|fixe|arrete|determine|planifie|valide|clear|set|decided|defined|fixed|known|settled|scheduled|agreed|confirmed|finali[sz]ed|chosen)/, 'unknown'],
  [/\b(?:still|yet|remains?|reste|restent)\s+(?:to be|a)\s+(?:decided|determined|defined|confirmed|seen|fixed|set|agreed|discussed|definir|determiner|fixer|decider|voir|confirmer|valider)\b/, 'unknown'],
  // Cannot tell: "hard to tell", "je ne saurais pas vous dire", "bonne question", "it's up in the air", "c'est encore flou".
  [/\b(?:hard|difficult|tough|impossible|difficile|dur)\s+(?:to|a|de)\s+(?:say|tell|predict|estimate|know|dire|savoir|prevoir|estimer)\b/, 'unknown'],
  [/\b(?:saurais|saurait|saurions|peux|pourrais|sais)\s+pas\s+(?:vous\s+|te\s+)?(?:dire|repondre|preciser)\b/, 'unknown'],
  [/\b(?:up in the air|flou|floue|unclear|not clear|uncertain|incertaine?|open question|question ouverte|good question|great question|bonne question|figuring (?:it|that|this) out)\b/, 'unknown'],
  [/\bdepend\w*/, 'unknown'],
  // Someone else decides: "c'est la direction qui décidera", "up to my boss".
  [/\bqui\s+(?:decide|tranche|valide)\w*|\bup to (?:my|the|our|his|her)\b|\b(?:mon|ma|la|le|notre|son|sa|my|the|our)\s+(?:direction|hierarchie|boss|chef|manager|management|board|dg|ceo|patron)\s+(?:(?:va|will|doit|must|has to|needs to)\s+)?decid/, 'unknown'],
  // A condition with no date: "quand le budget sera validé", "once the budget gets approved".
  [/^(?:quand|lorsque|une fois que|des que|si|when|whenever|once|as soon as|after|apres|if)\b/, 'unknown'],
];

/** Single words worth correcting a one-letter typo towards ("urgeent", "tomorow", "septembr"). */
export const TIME_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(MONTHS),
  ...VAGUE_PHRASES.flatMap(([phrase]) => (typeof phrase === 'string' ? phrase.split(/[\s'-]+/) : [])),
  'printemps', 'automne', 'hiver', 'spring', 'summer', 'autumn', 'winter', 'rentree', 'vacances', 'holidays', 'christmas',
  'toussaint', 'easter', 'paques', 'thanksgiving', 'trimestre', 'trimestres', 'semestre', 'semestres', 'quarter', 'quarters',
  'semester', 'semaine', 'semaines', 'months', 'weeks', 'years', 'annee', 'annees', 'jours', 'heures', 'hours', 'fortnight',
  'prochain', 'prochaine', 'prochains', 'prochaines', 'suivant', 'suivante',
].filter((word) => word.length >= 5));
