/**
 * `sector`: the visitor's industry, folded into a short fixed list sales segments on.
 * Rule order settles overlaps: a university hospital is health, a fintech is finance,
 * a web agency is services, an ERP vendor is software.
 */
import type { Extractor } from '../../../core/slots/extractor.js';
import { matchRules, type KeywordRule } from './rules.js';

export const SECTORS = ['software', 'retail', 'industry', 'finance', 'health', 'public', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

const RULES: readonly KeywordRule<Sector>[] = [
  // Making software for some trade is the software sector, whatever the trade ("logiciel pour les restaurants").
  { value: 'software', pattern: /\b(?:(?:on fait|on developpe|on edite|nous (?:faisons|developpons|editons)|we (?:build|make|develop|sell|write)|editeur) (?:du |des |de |d'|a |an |the )?(?:logiciels?|software|saas|apps?|applications?)|(?:logiciels?|software|saas) (?:de \w+ )?(?:pour|for) (?:les |des |the )?\w+)\b/ },
  // Service trades whose names contain an industry word ("nettoyage industriel").
  { value: 'services', pattern: /\b(?:nettoyage|cleaning|gardiennage|facility management|proprete)\b/ },
  { value: 'health', pattern: /\b(?:sante|health\w*|medic\w*|hopita(?:l|ux)|hospitals?|clini(?:que|c|ques|cs)|pharma\w*|laboratoire pharma|biotech\w*|medtech|e-?sante|soins?|care|ehpad|nursing|dentaire|dental|dentiste|dentist|veterinaire|vet clinic|kine|kinesitherap\w*|physio\w*|infirmi\w*|patients?|mutuelle sante)\b/ },
  { value: 'education', pattern: /\b(?:educati\w*|enseignement|ecoles?|school|universit\w*|fac|college|lycee|campus|edtech|k-?12|organisme de formation|centre de formation|training (?:center|centre|company|provider)|formation professionnelle|e-?learning|academ\w*|elearning|cours en ligne|online courses?|tutoring|soutien scolaire)\b/ },
  { value: 'finance', pattern: /\b(?:financ\w*|(?:neo-?)?banques?|(?:neo-?)?bank\w*|bancaire|assurances?|insurance|insurtech|assureur|insurer|fintech|credit|gestion (?:d'actifs|de patrimoine)|asset management|wealth|investissement|investment|private equity|capital[- ]risque|venture capital|courtier|broker\w*|mutuelle|comptab\w*|accounting|expert-?comptable|cabinet comptable|payments?|paiement)\b/ },
  { value: 'public', pattern: /\b(?:secteur public|public sector|collectivites?|collectivite territoriale|local (?:authority|government|council)|mairies?|city (?:hall|council)|municipal\w*|communes?|communaute de communes|intercommunalite|agglomeration|prefecture|ministeres?|ministry|gouvernement|government|administration publique|public administration|etat|state agency|agence (?:publique|gouvernementale|d'etat)|fonction publique|conseil (?:regional|departemental)|service public|public service|federal|defense|defence|armee|police|gendarmerie)\b/ },
  { value: 'retail', pattern: /\b(?:(?:vend\w*|sell\w*) (?:[\w'-]+ ){0,3}(?:en ligne|online)|retail\w*|commerces?|commercant|e-?commerce|ecommerce|vente en ligne|online (?:shop|store|retail)|boutiques?|magasins?|shops?|stores?|grande distribution|distribution|distributeur|supermarch\w*|supermarkets?|grocery|fashion|mode|pret-a-porter|cosmetiques?|beauty|cosmetics|franchise|marketplace|vente au detail|restaurants?|restauration|food ?service|hospitality|hotellerie|hotels?|tourism\w*|tourisme|voyages?|travel|consumer goods|fmcg|biens de consommation)\b/ },
  { value: 'industry', pattern: /\b(?:industr\w*|manufactur\w*|usines?|factory|factories|fabrica\w*|production|automobile|automotive|aeronautique|aerospace|aeronautics|chimie|chemical\w*|energie|energy|oil|gas|petrole|utilities|electricite|btp|construction|batiment|travaux publics|genie civil|civil engineering|agro-?alimentaire|agroalimentaire|food processing|agriculture|agricole|farming|logisti\w*|transports?|transportation|supply chain|shipping|freight|fret|metallurgie|steel|acier|plasturgie|plastics|mining|mines|textile|packaging|emballage|machines?|machinery|equipementier|sous-traitan\w*)\b/ },
  { value: 'software', pattern: /\b(?:logiciels?|software|saas|editeur|developer tools|dev ?tools|it(?= (?:services?|company|consulting|sector|firm|industry|solutions|provider)\b)|^it$|(?:dans l'|de l'|en |in |the )it\b|tech|tech company|high-?tech|informatique|esn|ssii|cloud|cybersecurit\w*|cyber|data|(?<!')ai|ia|intelligence artificielle|artificial intelligence|telecoms?|telecommunications?|startup tech|digital|numerique|dev shop|applications?|apps?|internet|web3|blockchain|crypto|hardware|semiconductors?|electronique|electronics|gaming|jeux video|video games?)\b/ },
  { value: 'services', pattern: /\b(?:services?|conseil|consulting|consultancy|consultants?|cabinet|agence|agency|agencies|marketing|communication|publicite|advertising|media|medias|presse|rh|ressources humaines|human resources|hr|recrutement|recruitment|staffing|interim|juridique|legal|avocats?|law firm|lawyers?|notaire|immobili\w*|real estate|property|proptech|nettoyage|cleaning|securite|security services|evenementiel|events?|traduction|translation|audit|architecture|architectes?|design|bureau d'etudes|engineering services|outsourcing|externalisation|b2b services|prestations?|prestataire)\b/ },
  { value: 'other', pattern: /\b(?:associations?|non-?profit|nonprofit|ngo|ong|charity|fondation|foundation|benevol\w*|volunteer\w*|culture|cultural|musee|museum|sport\w*|club|religi\w*|eglise|church|art|arts|artiste|artist|particulier|individual|aucun|none|rien|autre|other)\b/ },
];

export const sectorExtractor: Extractor<Sector> = {
  slot: 'sector',
  extract: (text) => matchRules(text, RULES),
};
