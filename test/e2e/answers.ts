/**
 * A visitor who answers each question by its slot (channelData.prompt.slot), as the issue's
 * checker does, with realistic free-text answers.
 */
import type { BotFrameworkClient } from '../support/bf-client.js';
import { answerFor } from './choose-answer.js';

export type Answers = Record<string, string>;

export const FRENCH_HOT: Answers = {
  consent: 'oui',
  name: "je m'appelle Camille Martin",
  email: "c'est camille.martin@acme-industrie.fr",
  phone: '06 12 34 56 78',
  company: 'Acme Industrie',
  project: 'un CRM pour notre équipe commerciale de 15 personnes',
  timeline: "d'ici un mois, c'est urgent",
  motivation: 'notre outil actuel est obsolète, on veut le remplacer',
  budget: 'environ 30 000 €',
  role: 'Je décide',
  companySize: '50 à 249',
  sector: 'industrie',
};

export const ENGLISH_WARM: Answers = {
  consent: 'yes',
  name: "I'm John O'Neil",
  email: 'John.ONeil@Globex.co.uk',
  phone: '+44 20 7946 0958',
  company: 'Globex Ltd',
  project: 'marketing automation for our website',
  timeline: 'in about 4 months',
  motivation: "we're growing fast and need to scale our lead generation",
  budget: '$5,000/month',
  role: "I'm the decision-maker",
  companySize: '10 to 49',
  sector: 'software',
};

/** Answers every prompt until the bot stops asking; returns the slots in the order asked. */
export async function converse(client: BotFrameworkClient, answers: Answers, maxTurns = 40): Promise<string[]> {
  const asked: string[] = [];
  for (let turn = 0; turn < maxTurns; turn++) {
    const prompt = client.prompt;
    if (!prompt) return asked;
    asked.push(prompt.slot);
    await client.say(answerFor(answers, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text);
  }
  throw new Error(`Conversation did not end after ${maxTurns} turns; asked: ${asked.join(', ')}`);
}
