/**
 * Realistic stored conversations for the store benchmark, written through the repositories the
 * way a qualification writes them: the visitor's lead, one transcript entry per message (consent,
 * contact details, project, timeline, motivation, budget, role, company: 9 turns, 18 entries),
 * the dialog state and widget record rewritten every turn, page-view events, the lead's contact
 * details and full qualification with a score breakdown, its stage changes and, for a qualified
 * lead, the Slack alert in the outbox.
 */
import type { LeadPatch, Stage } from '../../core/lead/model.js';
import type { Store } from '../../core/ports/store.js';

const TURNS: [string, string][] = [
  ["Bonjour ! Avant de commencer, acceptez-vous que nous gardions vos réponses pour vous recontacter ?", 'oui bien sûr'],
  ['Merci ! Quelle est votre adresse e-mail professionnelle ?', 'EMAIL'],
  ['Et votre nom ?', 'NAME'],
  ['Parlez-moi de votre projet.', 'Nous voulons refondre notre site e-commerce et brancher notre CRM'],
  ['Quand souhaitez-vous démarrer ?', "d'ici la fin du trimestre"],
  ['Pourquoi maintenant ?', 'Notre site actuel est trop lent et nous perdons des ventes'],
  ['Quel budget avez-vous prévu ?', 'entre 15 et 25 000 €'],
  ['Quel est votre rôle dans la décision ?', 'je suis le directeur marketing, je décide avec le DG'],
  ['Pour quelle entreprise ?', 'COMPANY'],
];
const STAGES: Stage[] = ['mcl', 'mql', 'mql', 'sql', 'rejected'];
const CHANNELS = ['web', 'web', 'web', 'slack', 'msteams'];

export function qualification(i: number): LeadPatch {
  const score = (i * 37) % 101;
  return {
    name: `Visiteur ${i}`,
    company: `Entreprise ${i % 5000}`,
    phone: `+336${String(10_000_000 + i).slice(-8)}`,
    emailKind: 'company',
    score,
    temperature: score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold',
    scoreBreakdown: [
      { rule: 'budget', points: 30, reason: 'Budget 15 000–25 000 EUR' },
      { rule: 'timeline', points: 20, reason: 'Starts within 3 months' },
      { rule: 'role', points: 15, reason: 'Decision-maker' },
      { rule: 'email', points: 10, reason: 'Company e-mail' },
      { rule: 'behaviour', points: score % 10, reason: `${score % 10} pages viewed` },
    ],
    project: { text: 'Nous voulons refondre notre site e-commerce et brancher notre CRM', id: 'ecommerce', label: 'E-commerce' },
    timeline: { text: "d'ici la fin du trimestre", horizonMonths: 3, bucket: '1-3m' },
    motivation: { text: 'Notre site actuel est trop lent et nous perdons des ventes', category: 'replace', confidence: 0.82 },
    budget: { amount: 15000, max: 25000, currency: 'EUR', period: 'once' },
    role: 'decision-maker',
    segment: { country: 'FR', sector: i % 2 ? 'retail' : 'services', companySize: '10-49' },
    channel: CHANNELS[i % CHANNELS.length] as string,
    locale: 'fr',
    consent: { given: true, at: new Date(), text: 'oui bien sûr' },
    behaviour: { pageViews: 4, timeOnSiteSec: 180, visits: 2, referrer: 'https://www.google.com/', utm: { source: 'google', campaign: 'printemps' } },
  };
}

export function leadEmail(i: number): string {
  return `visiteur${i}@entreprise${i % 5000}.fr`;
}

/** A qualified lead without its conversation (captured, scored, moved along the funnel): to reach a lead count quickly. */
export async function storeLead(store: Store, i: number): Promise<void> {
  const stage = STAGES[i % STAGES.length] as Stage;
  const lead = await store.leads.upsert({ visitorId: `web:bench-${i}`, email: leadEmail(i) }, qualification(i), { to: stage === 'mcl' ? 'mcl' : 'mql' });
  if (stage === 'sql' || stage === 'rejected') await store.leads.changeStage(lead._id, { to: stage, by: 'U0SALES' });
}

/** Writes one whole qualification (conversation `i`) through the store's repositories. */
export async function storeConversation(store: Store, i: number): Promise<void> {
  const visitorId = `web:bench-${i}`;
  const conversationId = `conv-bench-${i}`;
  const stateKey = `conversation/web/${conversationId}`;
  let stateTag: string | null = null;
  let recordTag: string | null = null;
  await store.leads.upsert({ visitorId }, { channel: 'web', locale: 'fr' });
  await Promise.all(['/', '/produits', '/tarifs'].map((page) => store.events.append(visitorId, { name: 'page', at: new Date(), props: { url: page } })));
  for (const [seq, [question, answer]] of TURNS.entries()) {
    const text = answer === 'EMAIL' ? leadEmail(i) : answer === 'NAME' ? `Visiteur ${i}` : answer === 'COMPANY' ? `Entreprise ${i % 5000}` : answer;
    const dialog = { dialogState: { dialogStack: [{ id: 'qualification', state: { stepIndex: seq, values: { locale: 'fr', answered: seq } } }] } };
    // One turn's writes go together, as the widget channel and the turn's state save do.
    [, , stateTag, recordTag] = await Promise.all([
      store.transcripts.append({ conversationId, from: 'bot', text: question, at: new Date(), seq: 2 * seq + 1, slot: `q${seq}` }),
      store.transcripts.append({ conversationId, visitorId, from: 'user', text, at: new Date(), seq: 2 * seq + 2 }),
      store.conversations.write(stateKey, dialog, stateTag, { expireWhenIdle: true }),
      store.webConversations.write(`web:conversation:${conversationId}`, { visitorId, lastSeq: 2 * seq + 2, started: true, recent: [] }, recordTag, { expireWhenIdle: true }),
    ]);
    if (seq === 1) await store.leads.upsert({ visitorId, email: leadEmail(i) }, {}, { to: 'mcl', by: 'bot' });
  }
  const stage = STAGES[i % STAGES.length] as Stage;
  const lead = await store.leads.upsert({ visitorId, email: leadEmail(i) }, qualification(i), stage === 'mcl' ? undefined : { to: 'mql', from: ['visitor', 'mcl'], by: 'scoring' });
  if (stage !== 'mcl') await store.outbox.enqueue('lead.alert', `lead.alert:${lead._id}:qualified`, { leadId: lead._id, event: 'qualified', at: new Date().toISOString() });
  if (stage === 'sql' || stage === 'rejected') await store.leads.changeStage(lead._id, { to: stage, by: 'U0SALES' });
}
