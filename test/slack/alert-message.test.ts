/**
 * The sales alert speaks the team's language (that of the score reasons), shows each reason once
 * with its points, and links to the lead's console page.
 */
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { loadScoringRules, scoreLead } from '../../bot/scoring/index.js';
import { renderLeadAlert } from '../../adapters/slack/alert-message.js';

function scoredLead(language: 'fr' | 'en'): Lead {
  const rules = { ...loadScoringRules(), language };
  const answers: Partial<Lead> = {
    name: 'Camille Martin',
    company: 'Acme Industrie',
    email: 'camille@acme-industrie.fr',
    emailKind: 'company',
    timeline: { text: "d'ici un mois", horizonMonths: 0, bucket: 'now' },
    motivation: { text: 'remplacer notre outil', category: 'replace' },
    budget: { amount: 30000, currency: 'EUR' },
    role: 'decision-maker',
    segment: { country: 'FR', companySize: '50-249' },
  };
  const scored = scoreLead(answers, rules);
  const now = new Date('2026-12-01T10:00:00Z');
  return { ...answers, _id: 'lead-1', stage: 'mql', score: scored.score, temperature: scored.temperature, scoreBreakdown: scored.breakdown, visitorIds: [], history: [{ stage: 'mql', at: now }], createdAt: now, updatedAt: now } as Lead;
}

const text = (lead: Lead, language: 'fr' | 'en') => JSON.stringify(renderLeadAlert(lead, { leadId: lead._id, event: 'qualified' }, 'https://bot.example.com/', language).blocks);

describe('sales alert wording', () => {
  it('is all French for a French team: headline, labels, buttons and reasons', () => {
    const rendered = text(scoredLead('fr'), 'fr');
    for (const word of ['Nouveau lead qualifié (MQL)', 'Entreprise', 'Pourquoi ce score', 'Accepter (SQL)', 'Rejeter', 'Échéance', 'Ouvrir le lead']) expect(rendered).toContain(word);
    for (const word of ['New qualified lead', 'Company', 'Why this score', 'Accept (SQL)', 'Open lead']) expect(rendered).not.toContain(word);
  });

  it('is all English for an English team', () => {
    const rendered = text(scoredLead('en'), 'en');
    for (const word of ['New qualified lead (MQL)', 'Company', 'Why this score', 'Accept (SQL)', 'Timeline']) expect(rendered).toContain(word);
    for (const word of ['Nouveau lead', 'Entreprise', 'Pourquoi', 'Accepter']) expect(rendered).not.toContain(word);
  });

  it('names the sector, motivation and timeline in the team\'s language, not by their stored ids', () => {
    const lead = { ...scoredLead('fr'), segment: { country: 'FR', sector: 'industry', companySize: '50-249' } } as Lead;
    const french = text(lead, 'fr');
    for (const words of ['FR · industrie · 50-249 salariés', "remplacer notre outil (remplacer l’outil actuel)", "d'ici un mois (prêt à démarrer sous un mois)"]) expect(french).toContain(words);
    for (const id of ['· industry ·', '(replace)', '(now)']) expect(french).not.toContain(id);
    const english = text(lead, 'en');
    for (const words of ['FR · industry · 50-249 employees', 'remplacer notre outil (replace the current tool)', "d'ici un mois (ready to start within a month)"]) expect(english).toContain(words);
  });

  it('shows each reason once, with its points once', () => {
    const lead = scoredLead('fr');
    const rendered = text(lead, 'fr');
    const timeline = lead.scoreBreakdown.find((l) => l.rule === 'timeline')!;
    expect(timeline.reason).toMatch(/\(\+\d+\)$/);
    expect(rendered.split(timeline.reason).length - 1).toBe(1);
    // No "+25 timeline — … (+25)": the points are not written twice on a line.
    const lines = rendered.split('\\n').filter((l) => l.startsWith('• '));
    expect(lines).toHaveLength(lead.scoreBreakdown.length);
    for (const line of lines) expect(line.match(/\([+-]\d+\)/g)).toHaveLength(1);
    expect(rendered).not.toMatch(/• [+-]\d+ /);
  });

  it('links "open lead" to the console page of the lead, not the JSON API', () => {
    const rendered = text(scoredLead('en'), 'en');
    expect(rendered).toContain('<https://bot.example.com/console/leads/lead-1|Open lead>');
    expect(rendered).not.toContain('/api/leads/');
  });
});
