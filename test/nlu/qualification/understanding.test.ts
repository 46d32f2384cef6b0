/**
 * What people write instead of the category: job titles and abbreviations, problems instead of product names,
 * "someone else decides", typos; and where two readings compete, a confidence low enough for the bot to ask.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../core/lead/model.js';
import { qualificationExtractors } from '../../../bot/nlu/qualification/index.js';
import { ASK_BELOW } from '../../../core/slots/extractor.js';

const read = (slot: string, text: string, locale: Locale) => {
  const result = qualificationExtractors[slot]!.extract(text, { locale, now: new Date('2026-11-23T10:00:00Z') });
  if (!result.ok) return { value: `(${result.reason})`, confidence: 0 };
  const value = result.value as { id?: string; category?: string } | string;
  return { value: typeof value === 'string' ? value : (value.id ?? value.category ?? 'free text'), confidence: result.confidence };
};
const surely = (slot: string, text: string, locale: Locale) => {
  const { value, confidence } = read(slot, text, locale);
  return confidence >= ASK_BELOW ? value : `asked (${value} at ${confidence})`;
};

describe('role from a job title, an abbreviation or who signs', () => {
  it.each<[string, Locale, string]>([
    ['directeur des systèmes d’information', 'fr', 'decision-maker'],
    ['gérante associée', 'fr', 'decision-maker'],
    ['maire de la commune', 'fr', 'decision-maker'],
    ['head of IT', 'en', 'decision-maker'],
    ["I'm the sole employee, so it's my call", 'en', 'decision-maker'],
    ['RSSI', 'fr', 'influencer'],
    ['je fais partie du comité de pilotage', 'fr', 'influencer'],
    ["I'll build the business case for the board", 'en', 'influencer'],
    ["je ne fais que l'utiliser", 'fr', 'user'],
    ['commercial sédentaire', 'fr', 'user'],
    ['responsable de la boîte, je prends les décisions', 'fr', 'decision-maker'],
    ["it's my decision", 'en', 'decision-maker'],
    ['je dois présenter des options à mon directeur', 'fr', 'influencer'],
    ['I research and the director decides', 'en', 'influencer'],
    ['je fais partie du groupe de travail', 'fr', 'influencer'],
    ['job hunting', 'en', 'other'],
    ['je ne décide pas mais je recommande', 'fr', 'influencer'],
    ["I don't sign but I recommend", 'en', 'influencer'],
    ['en freelance, j’achète pour moi', 'fr', 'decision-maker'],
    ['MBA, head of sales', 'en', 'decision-maker'],
    ['pas envie de dire', 'fr', 'asked ((unrecognised) at 0)'],
    ['je cherche du travail', 'fr', 'other'],
  ])('"%s" (%s) → %s', (text, locale, role) => expect(surely('role', text, locale)).toBe(role));

  it('reads the visitor’s own role before "someone else decides", which is true of users and influencers alike', () => {
    expect(surely('role', "je suis juste utilisateur, c'est la direction qui tranche", 'fr')).toBe('user');
    expect(surely('role', 'responsable marketing, je recommande mais la direction décide', 'fr')).toBe('influencer');
  });

  it('is sure of a full "je suis le patron" / "I\'m the owner"', () => {
    expect(read('role', 'je suis le patron', 'fr').confidence).toBeGreaterThan(0.9);
    expect(read('role', "I'm the owner", 'en').confidence).toBeGreaterThan(0.9);
  });

  it('takes a decider\'s title with someone else deciding for an influencer or asks, never the decider; the visitor saying they decide is one', () => {
    expect(surely('role', 'head of sales but the CEO has the final word', 'en')).toBe('influencer');
    // The cross-check classifier, reading the title's words, is sure enough of decision-maker to dispute it: the bot asks.
    expect(surely('role', "directeur marketing, mais c'est le comex qui valide", 'fr')).toBe('asked (influencer at 0.45)');
    expect(surely('role', 'je suis DSI mais le comex valide tout', 'fr')).toBe('asked (influencer at 0.45)');
    expect(surely('role', "c'est moi qui décide", 'fr')).toBe('decision-maker');
    expect(surely('role', 'head of ops and I have sign off', 'en')).toBe('decision-maker');
  });

  it('asks when a plain job title and "my boss decides" pull apart', () => {
    expect(read('role', 'commercial, mon chef décide', 'fr').confidence).toBeLessThan(ASK_BELOW);
  });
});

describe('sector from trades, bodies and abbreviations', () => {
  it.each<[string, Locale, string]>([
    ['chaudronnerie et usinage', 'fr', 'industry'],
    ['on installe des pompes à chaleur', 'fr', 'industry'],
    ['telco', 'en', 'software'],
    ['laboratoire', 'fr', 'health'],
    ['we sell medical devices to hospitals', 'en', 'health'],
    ['IT consulting firm', 'en', 'software'],
    ['IT', 'en', 'software'],
    ['on gère trois ehpad', 'fr', 'health'],
    ['syndicat mixte de traitement des déchets', 'fr', 'public'],
    ['state', 'en', 'public'],
    ['fabrication de palettes en bois', 'fr', 'industry'],
  ])('"%s" (%s) → %s', (text, locale, sector) => expect(surely('sector', text, locale)).toBe(sector));

  it('asks about trades independent labellers file under different sectors (hospitality, accountants)', () => {
    for (const [text, locale] of [['hôtellerie restauration', 'fr'], ['boutique hotel', 'en'], ["cabinet d'expertise comptable", 'fr'], ['accounting firm', 'en']] as const) {
      expect(read('sector', text, locale).confidence, text).toBeLessThan(ASK_BELOW);
    }
  });

  it('asks when the only sector word is vague or, inside a sentence, often something else', () => {
    for (const [text, locale] of [
      ['services', 'en'], ['un cabinet', 'fr'], ["it's complicated", 'en'], ['not sure how to describe it', 'en'],
      ['une PME de la région lyonnaise', 'fr'], ['a small company in the state of Ohio', 'en'], ['we build websites', 'en'],
    ] as const) {
      expect(read('sector', text, locale).confidence, text).toBeLessThan(ASK_BELOW);
    }
  });

  it('drops a sector asked as a question and denied at once, and reads consulting as services whatever it advises on', () => {
    for (const [text, locale, sector] of [
      ['Une banque ? non, on est une agence de recrutement', 'fr', 'services'],
      ['Manufacturer? no no, we just resell their parts online', 'en', 'retail'],
      ['on fait du conseil, surtout en logistique pour des transporteurs', 'fr', 'services'],
      ['on fait du conseil en informatique', 'fr', 'software'],
      ['conseil en gestion de patrimoine', 'fr', 'finance'],
    ] as const) expect(surely('sector', text, locale), text).toBe(sector);
  });

  it('knows regional names of institutions and ways of saying a money or school trade', () => {
    for (const [text, locale, sector] of [
      ['NHS foundation trust, community services', 'en', 'health'],
      ['on gère l’épargne de nos clients', 'fr', 'finance'],
      ['NBFC, small business loans', 'en', 'finance'],
      ['une asbl à Liège', 'fr', 'other'],
      ['cégep en région', 'fr', 'education'],
      ['test prep for GMAT', 'en', 'education'],
      ['administration cantonale vaudoise', 'fr', 'public'],
      ['we build bridges and roads', 'en', 'industry'],
    ] as const) expect(surely('sector', text, locale), text).toBe(sector);
  });

  it('takes a public body for the public sector whatever field it works in', () => {
    expect(surely('sector', 'ministry of transport', 'en')).toBe('public');
    expect(surely('sector', 'mairie, service des sports', 'fr')).toBe('public');
  });

  it('reads whom the company serves as its clients, not its sector (or asks), never as its sector', () => {
    expect(surely('sector', 'on édite un logiciel de caisse pour les boulangeries', 'fr')).toBe('software');
    // The table reads services; the cross-check classifier, a bag of words that sees "hospitals", "collectivités", disputes
    // it: the bot asks (on writers it never saw, such disputes removed more wrong readings than right ones).
    expect(surely('sector', 'consultants for hospitals and clinics', 'en')).toBe('asked (services at 0.45)');
    expect(surely('sector', 'agence de com, on travaille pour les collectivités', 'fr')).toBe('asked (services at 0.45)');
    expect(surely('sector', 'on fait de la formation. pour les entreprises du BTP surtout', 'fr')).toBe('education');
  });

  it('takes what the company does over the field it works in', () => {
    for (const [text, locale, sector] of [
      ['on fabrique des implants dentaires', 'fr', 'health'], ['we manufacture insulin pumps', 'en', 'health'],
      ['generic drugs manufacturer', 'en', 'health'], ['on fabrique des emballages pour médicaments', 'fr', 'industry'],
      ['we are consultants for retailers', 'en', 'services'], ['we sell travel insurance online', 'en', 'finance'],
      ['bootcamp de data science', 'fr', 'education'], ['nous éditons une solution de paie', 'fr', 'software'],
    ] as const) expect(surely('sector', text, locale), text).toBe(sector);
  });

  it('does not take the French "j\'ai" for AI, nor the IT department for the company', () => {
    expect(surely('sector', "j'ai une boulangerie", 'fr')).toBe('retail');
    expect(surely('sector', 'on fait de l’IA générative', 'fr')).toBe('software');
    expect(surely('sector', 'AI', 'en')).toBe('software');
    expect(surely('sector', "it's an insurance company, I'm in the IT department", 'en')).toBe('finance');
    expect(read('sector', 'IT department', 'en').confidence).toBeLessThan(ASK_BELOW);
  });
});

describe('project from the problem described, not only the product’s name', () => {
  it.each<[string, Locale, string]>([
    ["nos devis sont sur Word et on ne sait jamais qui a relancé quel client", 'fr', 'crm'],
    ["on n'a pas de site internet", 'fr', 'website'],
    ['une formation Salesforce pour l’équipe', 'fr', 'training'],
    ['salesforce training for the team', 'en', 'training'],
    ['quelqu’un pour maintenir notre appli', 'fr', 'support'],
    ['put an AI on our site to answer visitors', 'en', 'chatbot'],
    ["we don't have a CRM yet", 'en', 'crm'],
    ['not a website, a crm', 'en', 'crm'],
    ["our tools don't talk to each other", 'en', 'integration'],
    ['nos logiciels ne communiquent pas entre eux', 'fr', 'integration'],
    ['we need someone to keep our platform running', 'en', 'support'],
    ['customers keep asking the same questions on chat', 'en', 'chatbot'],
    ['we keep losing track of leads, everything is in spreadsheets', 'en', 'crm'],
    ['faire en sorte que Sage et notre CRM se parlent', 'fr', 'integration'],
    ['we re-enter every order by hand, double entry everywhere', 'en', 'integration'],
    ['envoyer une newsletter à nos adhérents', 'fr', 'marketing-automation'],
    ['let customers book appointments online', 'en', 'custom-software'],
    ["l'appli plante tout le temps et notre prestataire ne répond plus", 'fr', 'support'],
    ['nous voulons vendre nos vins en ligne', 'fr', 'ecommerce'],
  ])('"%s" (%s) → %s', (text, locale, id) => expect(surely('project', text, locale)).toBe(id));

  it('does not let a word hidden inside a longer, less sure reading lose its weight', () => {
    expect(surely('project', 'envoyer des newsletters segmentées', 'fr')).toBe('marketing-automation');
  });

  it('takes a problem said of something that exists for support, not for a new one of it', () => {
    expect(surely('project', 'notre appli a des bugs et le prestataire a fermé', 'fr')).toBe('support');
    expect(surely('project', 'our platform is full of bugs and the agency vanished', 'en')).toBe('support');
    expect(surely('project', 'un chatbot pour le support client', 'fr')).toBe('chatbot');
  });

  it('reads the product next to a service as its object in whichever language its phrase is, words inside it too', () => {
    expect(surely('project', 'brancher notre site sur notre ERP', 'fr')).toBe('integration');
    expect(surely('project', 'une formation power bi pour 6 personnes', 'fr')).toBe('training');
  });

  it('does not read a word of the answer’s language as a look-alike of the other’s (false friends)', () => {
    expect(read('project', 'a contact form', 'en').value).not.toBe('training');
    expect(read('project', 'by branch', 'en').confidence).toBeLessThan(ASK_BELOW);
    expect(surely('project', 'un dashboard pour nos ventes', 'fr')).toBe('analytics');
  });

  it('takes "je ne sais pas encore" for no project', () => {
    expect(read('project', 'je ne sais pas encore', 'fr').value).toBe('(no_project)');
    expect(read('project', 'not sure yet', 'en').value).toBe('(no_project)');
  });
});

describe('asking rather than guessing', () => {
  it('reads what the visitor does before "I decide nothing", which is true of users and advisers alike', () => {
    expect(surely('role', 'je recommande un outil à mon patron mais je ne décide de rien', 'fr')).toBe('influencer');
    expect(surely('role', "je m'en servirai tous les jours, je ne décide pas", 'fr')).toBe('user');
  });

  it('leaves two roles each said in a full phrase to the cross-check, which reads validating the budget as deciding', () => {
    expect(read('role', 'je pilote le projet et je valide le budget', 'fr').value).toBe('decision-maker');
    // The table cannot choose; the cross-check classifier, reading "je valide le budget", sides with its guess.
    expect(read('role', 'je pilote le projet et je valide le budget', 'fr').confidence).toBe(0.6);
  });

  it('asks after a refusal instead of storing "other" as if it were an answer', () => {
    for (const [text, locale] of [['je préfère ne pas répondre', 'fr'], ["that's none of your business", 'en'], ['no idea', 'en']] as const) {
      const { value, confidence } = read('role', text, locale);
      expect(value).toBe('other');
      expect(confidence).toBeLessThan(ASK_BELOW);
    }
  });

  it('takes someone asking for a friend or relative, or a vendor pitching, for "other"', () => {
    expect(surely('role', 'je regarde pour mon beau-frère qui a un garage', 'fr')).toBe('other');
    expect(surely('role', 'on behalf of my sister, she runs a shop', 'en')).toBe('other');
    expect(surely('role', 'I sell marketing services and wanted to pitch you', 'en')).toBe('other');
  });

  it('takes press, creators and market research for a client for "other", whatever they compare', () => {
    expect(surely('role', 'je fais une vidéo comparative pour ma chaîne youtube', 'fr')).toBe('other');
    expect(surely('role', 'market researcher preparing a landscape report for a client', 'en')).toBe('other');
  });

  it('reads a freelancer buying for themself as the decision-maker, and usage said as a statement as a user', () => {
    expect(surely('role', 'je suis freelance et c\'est pour moi', 'fr')).toBe('decision-maker');
    expect(surely('role', 'freelancer, looking for something for myself', 'en')).toBe('decision-maker');
    expect(surely('role', 'je vais devoir m\'en servir, mais on ne m\'a pas demandé mon avis', 'fr')).toBe('user');
    expect(surely('role', 'I have to present two options to the boss on friday', 'en')).toBe('influencer');
  });

  it('takes studying for a degree for a student, whatever is compared, and never guesses from "pour l\'école" against a study', () => {
    expect(surely('role', 'je benchmarke des outils dans le cadre de mes études', 'fr')).toBe('student');
    expect(surely('role', "i'm benchmarking tools as part of my degree", 'en')).toBe('student');
    // The table cannot choose between the study and the school; the cross-check classifier reads the intern's status.
    expect(surely('role', "stagiaire, je fais une étude pour l'école", 'fr')).toBe('student');
  });

  it('reads a "chef de projet", an evaluator or someone choosing with their boss as an influencer, not a decider', () => {
    expect(surely('role', 'je suis le chef de projet', 'fr')).toBe('influencer');
    expect(surely('role', "je suis l'expert technique qui évalue les outils", 'fr')).toBe('influencer');
    expect(surely('role', 'responsable marketing, je choisis avec mon boss', 'fr')).not.toBe('decision-maker');
    expect(surely('role', 'I provide input but someone else approves', 'en')).toBe('influencer');
    expect(surely('role', "I'm head of IT, but purchases go through procurement", 'en')).toBe('influencer');
    expect(surely('role', 'I help pick the software', 'en')).toBe('influencer');
  });

  it('reads "I\'m the one who approves" as the visitor deciding, and "the one who decides is my boss" as someone else', () => {
    expect(surely('role', "I'm the one who approves budgets here", 'en')).toBe('decision-maker');
    expect(surely('role', 'the one who decides is my boss', 'en')).toBe('influencer');
    expect(surely('role', "celui qui décide c'est mon chef", 'fr')).toBe('influencer');
  });

  it('does not take the French verb "bosser" (to work) for "boss"', () => {
    expect(surely('role', 'je bosse dans le marketing', 'fr')).not.toBe('decision-maker');
    expect(surely('role', 'le boss c\'est moi', 'fr')).toBe('decision-maker');
  });

  it('takes partnering or showing us a product for "other", and the owner\'s family helping out for "other"', () => {
    expect(surely('role', 'I work at an agency that builds websites, looking to partner', 'en')).toBe('other');
    expect(surely('role', 'sales rep at a software company, I wanted to show you our product', 'en')).toBe('other');
    expect(surely('role', "I'm the owner's wife, helping out", 'en')).toBe('other');
    expect(surely('role', "I'm the owner", 'en')).toBe('decision-maker');
    expect(surely('role', "je suis la femme du gérant, je l'aide", 'fr')).toBe('other');
  });

  it('reads a trainer speaking of their learners as a user, a signing delegation as deciding, handling the selection as influencing', () => {
    expect(surely('role', "je suis formateur, c'est pour mes stagiaires", 'fr')).toBe('user');
    expect(surely('role', "j'ai la délégation de signature", 'fr')).toBe('decision-maker');
    expect(surely('role', "je suis en charge de la sélection de l'outil", 'fr')).toBe('influencer');
    expect(surely('role', 'je m\'occupe du projet pour la mairie', 'fr')).toBe('influencer');
  });

  it('asks rather than guess when a creator compares tools for an audience', () => {
    expect(surely('role', 'je fais un comparatif pour mes abonnés', 'fr')).not.toBe('influencer');
  });

  it('asks again when the visitor asks whether they are talking to a bot, and reads a chatbot said as a project', () => {
    expect(surely('project', 'vous êtes un robot ?', 'fr')).toMatch(/^asked/);
    expect(surely('project', 'am I talking to a human?', 'en')).toMatch(/^asked/);
    expect(surely('project', "c'est un chatbot", 'fr')).toBe('chatbot');
  });

  it('takes a software maker building an app for a trade as software, not as the trade', () => {
    expect(surely('sector', 'we build a booking app for gyms', 'en')).toBe('software');
  });

  it('reads a homegrown tool as custom software and "nobody knows how to use it" as training', () => {
    expect(surely('project', 'notre outil maison est à refaire', 'fr')).toBe('custom-software');
    expect(surely('project', "we have the tool but nobody knows how to use it", 'en')).toBe('training');
  });

  it('takes a merger or a group mandate for "other" in the motivation', () => {
    expect(surely('motivation', 'on fusionne avec une autre société', 'fr')).toBe('other');
    expect(surely('motivation', 'our head office wants every branch on the same tool', 'en')).toBe('other');
    expect(surely('motivation', 'following the acquisition of our company by a group', 'en')).toBe('other');
    expect(surely('motivation', 'suite au rachat par un groupe américain', 'fr')).toBe('other');
  });

  it('takes more requests to come for growth and following trends for curiosity, not "m\'a demandé" for demand', () => {
    expect(surely('motivation', 'on aimerait générer plus de demandes entrantes', 'fr')).toBe('growth');
    expect(surely('motivation', 'we want more inquiries from our website', 'en')).toBe('growth');
    expect(surely('motivation', 'voir les tendances du marché, rien de plus', 'fr')).toBe('curious');
    expect(surely('motivation', "c'est mon chef qui me l'a demandé", 'fr')).toBe('other');
  });
});
