/**
 * What the motivation classifier is told besides its features: cues read on the folded answer for idioms its stems lose
 * (one new site, launching abroad, someone above asking, money per seat…) and the rewriting of those idioms into words it
 * knows. Used by motivation-model.ts for the motivation model only (not for timeline's vague model).
 */
import type { Locale } from '../../../core/lead/model.js';
import { foldText } from '../words.js';

/**
 * Opening one new site ("ouverture d'une nouvelle agence", "we're opening a new office in Lyon", "on ouvre un
 * restaurant") is a new project; opening several ("trois nouvelles agences", "new stores across the region") is growth.
 * Stems lose the article and the plural, so the growth cues "nouvelles agences", "new offices" also match the
 * singular: said of one site, the answer is cued as new-project instead. Matched on the folded text.
 */
const ONE_SITE = String.raw`(?:agence|boutique|magasin|restaurant|resto|bureau|cabinet|hotel|salon|clinique|atelier|usine|entrepot|antenne|succursale|bar|cafe|commerce|showroom|studio|filiale|point de vente|laboratoire|labo|office|lab|location|store|shop|branch|clinic|warehouse|factory|practice|agency|outlet|bakery|gym|boulangerie|pharmacie|pharmacy|school|ecole|franchise|etablissement|brasserie|micro-brasserie|creche|epicerie|librairie|garage|camping|gite|institut|centre|coworking|tiers-lieu|concession|brewery|microbrewery|daycare|bookstore|dealership|academy|academie|center)`;
const ONE_NEW_SITE: Record<Locale, RegExp> = {
  fr: new RegExp(String.raw`\b(?:ouvr\w*|ouverture|inaugur\w*|mont\w*|cre\w*|creation|fond\w*)\s+(?:d'|de\s+)?(?:un|une|mon|ma|notre)\s+(?:(?:nouvel(?:le)?|nouveau|premier|premiere|petit|petite)\s+)?${ONE_SITE}s?\b`),
  en: new RegExp(String.raw`\b(?:open(?:s|ing|ed)?(?:\s+up)?|start(?:s|ing|ed)?|set(?:s|ting)?\s+up|found(?:s|ing|ed)?)\s+(?:a|an|one|my|our)\s+(?:(?:new|first|small)\s+)?${ONE_SITE}\b`),
};
/** The new site named before its opening ("new office opening in Lyon", "nouvelle agence qui ouvre en mars"): one site, a new project. */
const NEW_SITE_OPENS: Record<Locale, RegExp> = {
  fr: new RegExp(String.raw`\b(?:nouvel(?:le)?|nouveau)\s+${ONE_SITE}\s+(?:qui\s+)?(?:ouvre|ouvrira|va ouvrir|en ouverture|a ouvrir|en creation|qu'?(?:on|nous)\s+(?:(?:va|allons)\s+)?(?:ouvr\w*|mont\w*|cre\w*|lanc\w*))\b`),
  en: new RegExp(String.raw`\bnew\s+${ONE_SITE}\s+(?:(?:is\s+|will\s+be\s+)?(?:opening|opens|launching|coming)|(?:that\s+)?we(?:'re|\s+are)?\s+(?:opening|setting up|launching|starting))\b`),
};
/** Said with these, the opening recurs ("une nouvelle agence chaque année", "a new store every quarter"): growth. */
const RECURRING = /\b(?:chaque|tous les|toutes les|every|each)\b/;

/**
 * Launching in a market abroad ("on se lance aux États-Unis", "lancement à l'export", "launching in Germany") is growth, and
 * so is opening up or breaking into one ("ouverture vers le Canada", "s'implanter en Espagne", "break into the APAC market",
 * "push into Spain"),
 * although "lancer", "launch" cue a new project: the launch there is the company's own, in a new country. The classifier
 * reads it as expanding there (see `idioms`).
 */
const ABROAD = String.raw`(?:international|export|etranger|europe|apac|emea|latam|dach|benelux|nordiques|asie-pacifique|asia-pacific|north america|amerique du nord|amerique latine|latin america|etats-unis|usa|us|uk|canada|royaume-uni|allemagne|germany|espagne|spain|italie|italy|belgique|belgium|suisse|switzerland|asie|asia|amerique|america|afrique|africa|japon|japan|chine|china|inde|india|bresil|brazil|mexique|mexico|pays-bas|netherlands|scandinavie|nordics|moyen-orient|middle east|americain|allemand|espagnol|italien|britannique|europeen|asiatique|canadien|american|german|spanish|italian|british|european|asian|canadian)`;
const LAUNCH_ABROAD: Record<Locale, RegExp> = {
  fr: new RegExp(String.raw`\b(lanc\w*|demarr\w*|ouverture|ouvr\w*|perc\w*|attaqu\w*|implant\w*)(\s+(?:(?:a|au|aux|en|vers|sur le marche|sur les marches)\s+(?:l'|les\s+|le\s+|la\s+)?)${ABROAD}\b)`, 'g'),
  en: new RegExp(String.raw`\b(launch(?:es|ing|ed)?\s+(?:in|into|to|on)|(?:break(?:s|ing)?|push(?:es|ing|ed)?|mov(?:e|es|ing|ed)|get(?:ting)?)\s+into|enter(?:s|ing|ed)?)(\s+(?:the\s+)?${ABROAD}\b)`, 'g'),
};
/** "mon N+1", "le N+2": the visitor's manager asked (French office idiom; its number alone would be lost in the stems). */
const MANAGER_ASKED = /\bn\s*\+\s*[1-3]\b/g;
/**
 * "on a été rachetés", "nous venons d'être rachetés", "on s'est fait racheter", "notre société a été rachetée": the
 * visitor's company being bought is other (buying one is growth; the vendor being bought, "l'éditeur a été racheté", is
 * a reason to replace it, so only "on", "nous" and "notre boîte / société / entreprise" count).
 */
const BOUGHT_OUT = /\b(?:on|nous)\s+(?:a|avons|vient\s+d'|venons\s+d')\s*(?:ete|etre)\s+rachet\w*|\b(?:on|nous)\s+(?:s'est|se|nous\s+sommes|s'etait)\s+fait\w*\s+racheter|\bnotre\s+(?:boite|societe|entreprise|structure|groupe|agence|startup|pme)\s+(?:a\s+ete|vient\s+d'etre|s'est\s+fait)\s+rachet/;
/** "€€€", "$$$": it is about money. */
const MONEY_SIGNS = /[€$£]{2,}/;
/**
 * An amount paid per period or per seat ("300 € par mois", "$40/user/month", "5k par an", "£200 a month"): what the
 * visitor pays, so it is about cost.
 */
const MONEY_RATE =
  /(?:\d[\d\s.,]*\s*k?\s*(?:€|\$|£|eur\b|euros?\b|usd\b|dollars?\b|balles\b|bucks\b|quid\b)|[€$£]\s*\d[\d.,]*\s*k?)\s*(?:\/|par|per|a|an|each|every|ht\s*\/?|hors taxes?\s*\/?)\s*(?:mois|month|mo|an|annee|year|yr|utilisateur|user|licence|license|seat|siege|poste|tete|head)\b/;

/**
 * Someone above the visitor (or the franchisor, the parent company, the board) wants it, asked for it or decided it: the
 * label guide's "boss asked", other ("le fondateur veut ça", "exigence de notre franchiseur", "the new director wants
 * this", "the founder read about it and wants it"). A motive said with it still has its own cue, and the classifier
 * decides between them ("la direction veut réduire les coûts"). The CFO/DAF is left out: what they ask is mostly cost.
 */
const SOMEONE_ABOVE: Record<Locale, string> = {
  fr: String.raw`(?:patron(?:ne)?|pdg|dg|directeur|directrice|direction|gerant(?:e)?|fondat(?:eur|rice)s?|co-?fondat(?:eur|rice)s?|president(?:e)?|boss|chef(?:fe)?|superieur(?:e)?|associe(?:e)?s?|siege|maison mere|franchiseur|actionnaires?|investisseurs?|conseil d'administration|conseil municipal|elu(?:e)?s?|maire|codir|comex|hierarchie|presidence|gouvernance)`,
  en: String.raw`(?:ceo|coo|md|founders?|co-?founders?|owners?|boss|director|president|chairman|chairwoman|board|management|leadership|head office|hq|headquarters|parent company|franchisor|investors?|shareholders?|higher-?ups|execs?|executives?|gm|general manager|manager|trustees|council)`,
};
const SOMEONE_ABOVE_WANTS: Record<Locale, RegExp> = {
  fr: new RegExp(
    String.raw`\b(?:le|la|les|l'|notre|nos|mon|ma|mes|du|des|de la)\s*(?:nouvel(?:le)?\s+|nouveau\s+)?${SOMEONE_ABOVE[`fr`]}\b(?:[^.!?;]{0,30}?|[^.!?;]{0,60}?\b(?:il|elle|ils|elles)\s+(?:(?:en|y|le|la|les|nous|me)\s+|l'|m')?)\b(?:veu\w*|voul\w*|(?:a|ont|nous a|m'a|nous|me)\s+demande\w*|exig\w*|impos\w*|(?:a|ont)\s+(?:decide|tranche|vote|valide)|insist\w*|tien\w* a|souhait\w*|pouss\w*)` +
      String.raw`|\b(?:exigence|demande|requete|souhait|decision|consigne|directive|volonte|idee)\s+(?:de|du|des|d')\s*(?:la\s+|l'|le\s+|un\s+|une\s+)?(?:notre|nos|mon|ma|la|le|l')?\s*${SOMEONE_ABOVE[`fr`]}\b` +
      // Said in the passive: "voulue par la présidence", "imposé par le siège", "demandé par notre DG".
      String.raw`|\b(?:voulu|demande|impose|exige|decide|pousse|porte|lance|initie|souhaite|commande)e?s?\s+par\s+(?:la\s+|l'|le\s+|les\s+|notre\s+|nos\s+|mon\s+|ma\s+)?(?:nouvel(?:le)?\s+|nouveau\s+)?${SOMEONE_ABOVE[`fr`]}\b`,
  ),
  en: new RegExp(
    String.raw`\b(?:the|our|my|a)\s+(?:new\s+)?${SOMEONE_ABOVE[`en`]}\b(?:[^.!?;]{0,30}?|[^.!?;]{0,60}?\b(?:he|she|they)\s+)\b(?:wants?|wanted|asked|asks|decided|insist(?:s|ed)?|requires?|required|demand(?:s|ed)?|mandate[sd]?|told (?:us|me)|voted|(?:is|are|was|were) pushing|pushed|signed off)\b` +
      String.raw`|\b(?:request|requirement|decision|mandate|orders?|idea|plan|initiative|program(?:me)?|project|roadmap|policy|directive|push)\s+(?:from|of)\s+(?:the\s+|our\s+|my\s+)?${SOMEONE_ABOVE[`en`]}\b` +
      // Said in the passive: "driven by the CEO", "mandated by HQ", "requested by our board".
      String.raw`|\b(?:driven|pushed|requested|mandated|required|demanded|wanted|ordered|imposed|decided|initiated|sponsored|led)\s+by\s+(?:the\s+|our\s+|my\s+)?(?:new\s+)?${SOMEONE_ABOVE[`en`]}\b` +
      // "mandate from corporate", "pushed by corporate": the company above, not its corporate clients.
      String.raw`|\b(?:from|by)\s+corporate\b(?!\s+(?:clients?|customers?|accounts?|buyers?))`,
  ),
};
/** A client imposing its tool ("un client important nous impose son outil", "our biggest customer requires us to use it"). */
const CLIENT_IMPOSES: Record<Locale, RegExp> = {
  fr: /\bclients?\b[^.!?;]{0,30}?\b(?:nous\s+)?(?:impos\w*|oblig\w*|(?:nous\s+)?demande\w*\s+(?:de\s+|d')(?:travailler|passer|utiliser|bosser))\b/,
  en: /\b(?:clients?|customers?)\b[^.!?;]{0,30}?\b(?:requires? us|required us|wants? us to (?:use|work)|asked us to (?:use|work)|mandates?|insists? (?:we|on)|makes? us use|forc(?:es|ed|ing) us)\b/,
};
/** A new person at the top ("nouveau patron, nouvelles méthodes", "new CEO, new ideas"): their ideas, other. */
const NEW_LEADER: Record<Locale, RegExp> = {
  fr: new RegExp(String.raw`\b(?:nouvel(?:le)?|nouveau)\s+${SOMEONE_ABOVE.fr}\b`),
  en: new RegExp(String.raw`\bnew\s+${SOMEONE_ABOVE.en}\b(?!\s+games?\b)`),
};
/**
 * A distributor, wholesaler, supplier or partner wanting the visitor on its platform ("notre grossiste veut qu'on utilise son
 * portail", "our distributor wants us on the same platform as them"): as a client imposing its tool, other. The vendor of
 * the visitor's own tool is left out (its asks are mostly a reason to replace it).
 */
const PARTNER_IMPOSES: Record<Locale, RegExp> = {
  fr: /\b(?:grossistes?|distributeurs?|fournisseurs?|partenaires?|donneurs? d'ordres?|centrales? d'achats?|revendeurs?)\b[^.!?;]{0,30}?\b(?:veu\w* (?:qu'on|que nous|que l'on)|nous\s+(?:impos\w*|oblig\w*|demande\w*)|impos\w*|exig\w*)/,
  en: /\b(?:distributors?|wholesalers?|suppliers?|partners?|resellers?|retailers?|dealers?)\b[^.!?;]{0,30}?\b(?:wants? us|wanted us|requires? us|required us|asks? us|asked us|insists?|mandates?|makes? us|forc(?:es|ed|ing) us)\b/,
};
/**
 * Bringing out one's own product ("on sort notre premier jeu", "nouvelle offre SaaS qu'on sort en janvier"): a new project,
 * not the replace cue "sortir de" (whose stems, "sort", are the same). Québec French "partir une compagnie" is founding one.
 */
const RELEASED = String.raw`(?:produit|appli|application|app|offre|jeu|jeux|album|livre|gamme|collection|marque|logiciel|plateforme|film|serie|podcast|saison|modele|version)`;
const BRINGS_OUT = new RegExp(
  String.raw`\bsort\w*\s+(?:un|une|notre|nos|son|sa|ses|leur|leurs|enfin|bientot)\s+(?:(?:nouvel(?:le)?|nouveau|nouveaux|premier|premiere|1er|1ere|propre|petit|petite)\s+)?${RELEASED}` +
    String.raw`|\b${RELEASED}\b[^.!?;]{0,30}?\bqu'?(?:on|nous)\s+sort\w*` +
    String.raw`|\bpart\w*\s+(?:un|une|notre|nos|ma|mon|sa|son)\s+(?:propre\s+)?(?:compagnie|entreprise|business|boite|startup|societe|commerce|shop)\b`,
);

/**
 * The person who ran it leaving ("la personne qui gérait tout ça part à la retraite", "notre comptable a démissionné"): other,
 * unless it is the vendor ("notre prestataire part à la retraite": replace, as the corpus says).
 */
const PERSON_LEAVES = /\b(?:part\w*|prend\w*|depart)\s+(?:a la|en|sa)\s+retraite\b|\ba\s+demissionne\b|\bcong[ea] (?:maternite|parental)/;
const VENDOR = /\b(?:prestataires?|presta|agences?|editeurs?|fournisseurs?|freelances?|independant|sous-traitants?|soci[eé]t[eé] externe)\b/;

/**
 * A contest, prize or award won ("on a gagné un concours et le prix inclut un budget digital", "we won a pitch competition,
 * the prize covers a website"): other; the prize's "prix" and "budget" are what was won, not a cost to cut.
 */
const WON_PRIZE: Record<Locale, RegExp> = {
  fr: /\b(?:gagn\w*|remport\w*|laureat\w*)\b[^.!?;]{0,20}?\b(?:concours|prix|trophees?|challenge|appel a projets|hackathon)\b/,
  en: /\b(?:won|win|winning|winners?)\b[^.!?;]{0,20}?\b(?:competition|contest|prize|award|challenge|hackathon|pitch)\b/,
};

const GRANTED = /\b(?:dotation|subventions?|grants?|bourse|aide (?:regionale|de la region|publique))\b/;
const REGULATION = /\b(?:rgpd|gdpr|cnil|lois?|law|laws|regul\w*|reglement\w*|normes?|conformite|complian\w*|iso|audit\w*|legal\w*)\b/;

/** One first site named ("ouverture franchise, 1er magasin", "our first shop"), without a verb of opening: a new project. */
const FIRST_SITE = new RegExp(String.raw`\b(?:premier|premiere|1er|1ere|1re|first|1st)\s+${ONE_SITE}\b`);

/** The whole answer names one new site ("nouvelle agence", "new location", "a new store."): opening it, a new project. */
const BARE_NEW_SITE = new RegExp(String.raw`^\s*(?:(?:a|an|one|un|une)\s+)?(?:new|nouvel(?:le)?|nouveau)\s+${ONE_SITE}\s*[.!]*\s*$`);

/**
 * Someone else asked the visitor to look into it ("mon client m'a demandé de lui trouver une solution", "c'est ma femme
 * qui m'a dit de m'en occuper", "someone in sales asked me to check this out", "on m'a demandé de regarder"): their ask,
 * other, whoever they are. Left out: those whose asks are a motive of their own (legal, a regulator, the DPO, auditors:
 * compliance; finance, the CFO/DAF: mostly cost) and the company's customers in the plural (what they ask for is
 * mostly growth or a problem).
 */
const ASKED_TO: Record<Locale, RegExp> = {
  fr: /\b(?:m'|nous\s+)(?:a|ont|avait|avaient)\s+(?:(?:demande|charge|confie|missionne|mandate|conseille)e?s?\b|dit\s+d(?:e\b|'))|\b(?:me|nous)\s+demandent?\s+(?:de\b|d')|\b(?:j'ai|nous avons)\s+ete\s+(?:charge|missionne|mandate)e?s?\b/,
  en: /\b(?:asked|told|tasked|wants?|wanted|got)\s+(?:me|us)\s+to\b|\b(?:i|we)\s+(?:was|were|have been|'ve been|got)\s+(?:asked|told|tasked)\b/,
};
/** Whose asks are a motive of their own (see ASKED_TO), looked for in the words before the ask. */
const ASKER_WITH_MOTIVE =
  /\b(?:legal|juridique|juriste|avocat|lawyers?|regulat\w*|dpo|rssi|ciso|audit\w*|compliance|conformite|daf|cfo|financ\w*|compta\w*|accounting|clients|customers|users|utilisateurs|patients|adherents|members|cnil|urssaf|fisc|administration|assureur|insurer)\b/;
function askedBySomeone(folded: string, locale: Locale): boolean {
  const at = folded.search(ASKED_TO[locale]);
  return at >= 0 && !ASKER_WITH_MOTIVE.test(folded.slice(Math.max(0, at - 40), at));
}

/**
 * Acting for someone else: "à la demande de mon associé", "pour le compte d'un client", "c'est pour un de mes clients",
 * "at the request of", "on behalf of a client", "for one of my clients": their project, other (unless the one asking has a
 * motive of their own, ASKER_WITH_MOTIVE: "à la demande de notre DPO" is compliance). The company's own customers ("pour
 * nos clients", "for our customers") are whom it serves, not someone it acts for.
 */
const ON_BEHALF: Record<Locale, RegExp> = {
  fr: /\b(?:a la demande|pour le compte|sur (?:la )?demande|a la requete)\s+(?:de|du|des|d')|\bpour\s+(?:un|une|mon|ma|l'un de mes|un de mes|une de mes)\s+client(?:e)?s?\b(?!\s+(?:plus|mieux))/,
  en: /\b(?:at the request|on behalf|at the behest)\s+of\b|\bfor\s+(?:a|my|one of my|one of our)\s+clients?\b/,
};
function onBehalf(folded: string, locale: Locale): boolean {
  const match = ON_BEHALF[locale].exec(folded);
  return match !== null && !ASKER_WITH_MOTIVE.test(folded.slice(match.index, match.index + match[0].length + 40).replace(/\bclients?\b/g, ''));
}

/**
 * Launched or started by someone above ("projet lancé par le nouveau directeur commercial", "initiated by our CEO"): their
 * project, other; the verb's own new-project cue ("lancé") is theirs, not a new activity of the visitor's.
 */
const LAUNCHED_BY: Record<Locale, RegExp> = {
  fr: new RegExp(String.raw`\b(?:lance|initie|porte|demarre|impulse)e?s?\s+par\s+(?:la\s+|l'|le\s+|les\s+|notre\s+|nos\s+|mon\s+|ma\s+)?(?:nouvel(?:le)?\s+|nouveau\s+)?${SOMEONE_ABOVE.fr}\b`),
  en: new RegExp(String.raw`\b(?:launched|initiated|started|kicked off|championed)\s+by\s+(?:the\s+|our\s+|my\s+)?(?:new\s+)?${SOMEONE_ABOVE.en}\b`),
};

/**
 * A price, quote, bill or renewal going up ("le devis a doublé", "le renouvellement a pris 30 %", "our renewal quote jumped",
 * "the invoice tripled"): cost, not the growth of "doubler", "triple". Matched on the folded text.
 */
const PRICE_ROSE: Record<Locale, RegExp> = {
  fr: /\b(?:devis|tarifs?|prix|factures?|abonnements?|abos?|licences?|renouvellement|cotisations?|loyers?|mensualites?|redevances?|forfaits?|couts?|frais)\b[^.!?;]{0,40}?\b(?:(?:a|ont|vient de|viennent de|va|vont)\s+(?:double|triple|quadruple|augmente|explose|flambe|grimpe|bondi|pris|doubler|tripler|augmenter|exploser))\b|\b(?:hausse|augmentation|explosion|flambee)\s+(?:de\s+|des\s+|du\s+)?(?:devis|tarifs?|prix|factures?|abonnements?|licences?|renouvellement|couts?|frais)\b|\b(?:veu\w*|demand\w*|factur\w*|reclam\w*)\s+(?:nous\s+)?(?:\d+\s*%\s+de plus|le double|le triple|deux fois plus|trois fois plus)|\b(?:devis|tarifs?|prix|factures?|abonnements?|abos?|licences?|cotisations?|loyers?|forfaits?|couts?|frais)\b[^.!?;]{0,20}?\b(?:passe|passent|passera|va passer|vont passer|est passee?|sont passes)\s+(?:de\s+\d[^.!?;]{0,15}?\s+)?a\s+\d|\b(?:augment\w*|doubl\w*|tripl\w*|relev\w*|gonfl\w*)\s+(?:encore\s+|a nouveau\s+|fortement\s+)?(?:ses|leurs|les|nos|son|sa|le|la)\s+(?:tarifs?|prix|abonnements?|factures?|licences?|forfaits?)\b/,
  en: /\b(?:price|prices|pricing|quote|quotes|bill|bills|invoices?|renewal|subscription|licen[cs]es?|fees?|rates?|premiums?|rent|costs?)\b[^.!?;]{0,40}?\b(?:(?:has|have|just|is|are|will|'s|got)\s+)?(?:doubled|tripled|quadrupled|went up|gone up|going up|jumped|spiked|skyrocketed|shot up|increased|rose|risen|climbed|ballooned|exploded)\b|\b(?:want(?:s|ing)?|ask(?:s|ing)?(?:\s+for)?|charg(?:e|es|ing))\s+(?:us\s+)?(?:\d+\s*%\s+more|double|twice as much|three times as much)|\b(?:price|prices|pricing|quote|bill|invoice|renewal|subscription|licen[cs]es?|fees?|plan|rent)\b[^.!?;]{0,20}?\b(?:goes|going|went|will go|is going|jumps?|jumped|jumping)\s+from\s+[$£€]?\d[^.!?;]{0,15}?\s+to\s+[$£€]?\d|\b(?:rais\w*|hik\w*|doubl\w*|tripl\w*|bump\w*|putting up|put up)\s+(?:again\s+)?(?:their|its|the|our|his|her)\s+(?:prices?|pricing|rates?|fees?|subscription)\b/,
};
/** Paying for it ("on paye 40 licences alors qu'on est 15", "we're paying for 200 seats"): about cost, unless paying late. */
const PAYING: Record<Locale, RegExp> = {
  fr: /\b(?:on|nous)\s+(?:(?:en\s+)?paye|paie|payons)\s+(?:\d|des|pour|trop|cher|beaucoup|bcp|encore|toujours|deux|plein|un abonnement|une licence)/,
  en: /\b(?:we|i)(?:'re|\s+are|\s+am|'m)?\s+(?:still\s+|now\s+)?(?:pay|paying)\s+(?:for\s+|\d|\$|£|€|way|too|so|a lot|extra|twice|double)/,
};
const PAID_LATE = /\b(?:retard|late|overdue|impaye\w*|unpaid)\b/;

export function textCues(text: string, locale: Locale, hits: Set<string>): Set<string> {
  const folded = foldText(text);
  if (BARE_NEW_SITE.test(folded)) return ruledOut(hits, 'growth', 'new-project');
  if (MONEY_SIGNS.test(folded) || MONEY_RATE.test(folded)) hits = withCue(hits, 'cost');
  // Looking because someone above wants it ("la cheffe veut qu'on regarde") is their ask, not the visitor's curiosity.
  if (SOMEONE_ABOVE_WANTS[locale].test(folded) || NEW_LEADER[locale].test(folded)) hits = ruledOut(hits, 'curious', 'other');
  if (CLIENT_IMPOSES[locale].test(folded) || PARTNER_IMPOSES[locale].test(folded)) hits = withCue(hits, 'other');
  if (askedBySomeone(folded, locale) || onBehalf(folded, locale)) hits = ruledOut(hits, 'curious', 'other');
  if (LAUNCHED_BY[locale].test(folded)) hits = ruledOut(hits, 'new-project', 'other');
  if (PRICE_ROSE[locale].test(folded)) hits = ruledOut(hits, 'growth', 'cost');
  if (PAYING[locale].test(folded) && !PAID_LATE.test(folded)) hits = withCue(hits, 'cost');
  if (locale === 'fr' && PERSON_LEAVES.test(folded) && !VENDOR.test(folded)) hits = withCue(hits, 'other');
  if (WON_PRIZE[locale].test(folded)) hits = ruledOut(hits, 'cost', 'other');
  // A prize or grant that must be spent on it ("une dotation qu'on doit obligatoirement investir", "the grant is mandatory to
  // spend on digital"): the obligation is the funder's condition, not a rule to comply with.
  if ((WON_PRIZE[locale].test(folded) || GRANTED.test(folded)) && !REGULATION.test(folded)) hits = ruledOut(hits, 'compliance');
  if (locale === 'fr' && BRINGS_OUT.test(folded)) hits = ruledOut(hits, 'replace', 'new-project');
  if (FIRST_SITE.test(folded) && !RECURRING.test(folded)) hits = ruledOut(hits, 'growth', 'new-project');
  if (locale === 'fr' && folded.search(MANAGER_ASKED) >= 0) hits = withCue(hits, 'other');
  if (locale === 'fr' && BOUGHT_OUT.test(folded)) hits = ruledOut(hits, 'growth', 'other');
  if (folded.search(LAUNCH_ABROAD[locale]) >= 0) hits = ruledOut(hits, 'new-project', 'growth');
  if (!(ONE_NEW_SITE[locale].test(folded) || NEW_SITE_OPENS[locale].test(folded)) || RECURRING.test(folded)) return hits;
  return ruledOut(hits, 'growth', 'new-project');
}

/** The cues with `label` counted. */
function withCue(hits: Set<string>, label: string): Set<string> {
  return new Set(hits).add(label);
}

/** The cues with `dropped` ruled out, and `instead` counted when given: a cue that says what the answer is rather than that. */
function ruledOut(hits: Set<string>, dropped: string, instead?: string): Set<string> {
  const cues = new Set(hits);
  cues.delete(dropped);
  return instead ? cues.add(instead) : cues;
}

/**
 * What the classifier reads of the idioms the cues recognise: launching abroad as expanding there ("on se lance en
 * Allemagne" reads as "on se developpe en Allemagne"), "mon N+1" as "mon superieur" (its number would be a bare "#").
 */
export function idioms(folded: string, locale: Locale): string {
  const expanded = folded
    .replace(LAUNCH_ABROAD[locale], (_, _verb: string, rest: string) => `${locale === 'fr' ? 'developpe' : 'expanding'}${rest}`)
    // A date or a period ("au 1er janvier", "premier trimestre") is when, not a first site or product (the cue "premier").
    .replace(/\b(?:1er|premier)\s+(?=(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|trimestre|semestre)\b)/g, '')
    .replace(/\b(?:1er|1ere|1re)\b/g, 'premier')
    .replace(/\b1st\b/g, 'first')
    // "rien à voir avec la croissance", "nothing to do with money": the motive named is ruled out, as "pas la croissance".
    .replace(/\brien a voir avec\b/g, 'pas')
    .replace(/\bnothing to do with\b/g, 'not')
    // "nothing to replace", "rien à changer": the motive is ruled out ("Nothing to replace, it's a new activity").
    .replace(/\bnothing to (?=\w)/g, 'not ')
    // Work done "by hand" is manual work (the stems would keep only "hand", as in handing the company on).
    .replace(/\bby hand\b/g, 'manually')
    .replace(/\brien a (?=(?:remplacer|changer|migrer|moderniser)\b)/g, 'pas ');
  // Chat French abbreviations: "nvlle boite", "nvx clients", "nv site".
  const abbreviated =
    locale === 'fr'
      ? expanded
          // A file export ("les exports plantent", "l'export CSV"), not selling abroad (the growth cue "export").
          .replace(/\bexports?\s+(?=(?:csv|excel|pdf|xlsx?|comptables?|plant\w*|bugg?\w*|echou\w*)\b)/g, 'extraction ')
          // "le CA", "notre CA" is the turnover ("doubler le CA"), never "ça" after an article; unless it is the board that
          // votes, decides or wants ("le CA de l'asso a voté": the conseil d'administration).
          .replace(/\b(le|notre|son|mon|du|votre|leur)\s+ca\b(?![^.!?;]{0,25}?\b(?:vot\w*|decid\w*|veu\w*|voul\w*|demand\w*|impos\w*|valid\w*|exig\w*)\b|\s+(?:de l'asso|de l'association|de la fondation|qui)\b)/g, "$1 chiffre d'affaires")
          // More chat shorthand: "tps" (temps), "bcp", "tjrs", "jms", "qd".
          .replace(/\btps\b/g, 'temps').replace(/\bbcp\b/g, 'beaucoup').replace(/\btj(?:r|rs|s)\b/g, 'toujours').replace(/\bjms\b/g, 'jamais').replace(/\bqd\b/g, 'quand')
          .replace(/\bnv(?:l|ll|el|ell)es?\b/g, 'nouvelle').replace(/\bnvx\b/g, 'nouveaux').replace(/\b(?:nv|nvo|nouv)\b/g, 'nouveau')
      : expanded;
  // Chat French "dev" is "développement" ("dev commercial", "dev à l'international"); its stem would be that of "devis".
  return locale === 'fr' ? abbreviated.replace(MANAGER_ASKED, 'superieur').replace(/\bdev\b/g, 'developpement') : expanded;
}
