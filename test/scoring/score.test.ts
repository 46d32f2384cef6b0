import { describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { loadScoringRules, parseScoringRules, scoreLead, type ScoringRules } from '../../bot/scoring/index.js';
import { scoreValues } from '../../bot/scoring/dialog-score.js';

const rules = loadScoringRules();
const at = new Date('2026-11-23T10:00:00Z');

/** Small hand-written rules so the expected numbers are obvious. */
const simple: ScoringRules = parseScoringRules(`
thresholds: { temperature: { warm: 30, hot: 60 }, mql: 40, mqlProject: catalogue }
answers:
  timeline: { now: 30, 1-3m: 20, none: -20 }
  motivation: { replace: 10, curious: -10 }
  budget:
    currency: EUR
    rates: { USD: 0.5 }
    ranges:
      - { min: 0, max: 1, points: -5 }
      - { min: 1, max: 10000, points: 5 }
      - { min: 10000, points: 20, label: big }
  role: { decision-maker: 15, student: -30 }
  project: { identified: 10, freeText: 2 }
  emailKind: { company: 10, disposable: -25 }
  phone: 5
behaviour:
  pageViews: [{ min: 5, points: 4 }, { min: 10, points: 8 }]
  visits: [{ min: 2, points: 5 }]
  events:
    pricing_simulation: { points: 10, maxCount: 2, label: ran a pricing simulation }
  pages:
    - { urlContains: /tarifs, points: 3, label: viewed the pricing page }
    - { urlContains: /pricing, points: 3, label: viewed the pricing page }
`);

const sum = (lines: { points: number }[]) => lines.reduce((s, l) => s + l.points, 0);

describe('scoreLead', () => {
  it('adds the points of each known answer with a readable reason', () => {
    const result = scoreLead(
      {
        timeline: { text: 'dans 2 mois', horizonMonths: 2, bucket: '1-3m' },
        motivation: { text: 'remplacer', category: 'replace' },
        role: 'decision-maker',
        project: { text: 'un CRM', id: 'crm', label: 'CRM' },
      },
      simple,
    );
    expect(result.score).toBe(55);
    expect(result.temperature).toBe('warm');
    expect(result.qualified).toBe(true);
    expect(result.breakdown).toEqual([
      { rule: 'timeline', points: 20, reason: 'Timeline: within 1–3 months (+20)' },
      { rule: 'motivation', points: 10, reason: 'Motivation: replace (+10)' },
      { rule: 'role', points: 15, reason: 'Role: decision maker (+15)' },
      { rule: 'project', points: 10, reason: 'Project: CRM (in our catalogue) (+10)' },
    ]);
  });

  it('scores website behaviour: tiers, capped repeated events, one line per page label', () => {
    const result = scoreLead(
      {
        behaviour: {
          pageViews: 12,
          timeOnSiteSec: 30,
          visits: 3,
          events: [1, 2, 3].map(() => ({ name: 'pricing_simulation', at })),
          pages: [{ url: 'https://x.fr/tarifs', at }, { url: 'https://x.com/PRICING', at }],
        },
      },
      simple,
    );
    expect(result.breakdown.map((l) => [l.rule, l.points])).toEqual([
      ['pageViews', 8],
      ['visits', 5],
      ['event:pricing_simulation', 20],
      ['page:/tarifs', 3],
    ]);
    expect(result.breakdown[2]?.reason).toBe('Website: ran a pricing simulation ×2 (+20)');
    expect(result.score).toBe(36);
  });

  it('converts budgets to the reference currency, per year', () => {
    const budget = (b: Lead['budget']) => scoreLead({ budget: b }, simple).breakdown[0];
    expect(budget({ amount: 15000, currency: 'EUR' })?.points).toBe(20);
    expect(budget({ amount: 15000, currency: 'USD' })?.points).toBe(5);
    expect(budget({ amount: 1000, currency: 'EUR', period: 'month' })).toMatchObject({ points: 20, reason: 'Budget: 1000 EUR/month — big (+20)' });
    expect(budget({ amount: 5000, max: 20000, currency: 'EUR' })?.points).toBe(20);
    expect(budget({ amount: 0, currency: 'EUR' })?.points).toBe(-5);
    expect(budget({ amount: 10, currency: 'XYZ' })).toMatchObject({ points: 0, reason: 'Budget: 10 XYZ (currency not rated) (+0)' });
  });

  it('caps to 0–100 with a line that explains it, so the breakdown always sums to the score', () => {
    const hot = scoreLead(
      {
        timeline: { text: 'now', horizonMonths: 0, bucket: 'now' },
        motivation: { text: 'x', category: 'replace' },
        budget: { amount: 50000, currency: 'EUR' },
        role: 'decision-maker',
        project: { text: 'crm', id: 'crm' },
        emailKind: 'company',
        phone: '+33612345678',
        behaviour: { pageViews: 30, timeOnSiteSec: 0, visits: 5, events: [{ name: 'pricing_simulation', at }] },
      },
      simple,
    );
    expect(hot.score).toBe(100);
    expect(hot.breakdown.at(-1)).toEqual({ rule: 'cap', points: -23, reason: 'Score kept within 0–100 (raw total 123) (-23)' });
    expect(sum(hot.breakdown)).toBe(100);

    const cold = scoreLead({ role: 'student', emailKind: 'disposable', timeline: { text: '', horizonMonths: null, bucket: 'none' } }, simple);
    expect(cold.score).toBe(0);
    expect(cold.temperature).toBe('cold');
    expect(sum(cold.breakdown)).toBe(0);
  });

  it('needs a catalogue project and the MQL threshold to qualify', () => {
    const strong = { timeline: { text: '', horizonMonths: 0, bucket: 'now' as const }, role: 'decision-maker' as const };
    expect(scoreLead({ ...strong, project: { text: 'un CRM', id: 'crm' } }, simple).qualified).toBe(true);
    expect(scoreLead({ ...strong, project: { text: 'une machine à café' } }, simple).qualified).toBe(false);
    expect(scoreLead({ ...strong }, simple).qualified).toBe(false);
    expect(scoreLead({ project: { text: 'un CRM', id: 'crm' } }, simple).qualified).toBe(false);
    const any = { ...simple, thresholds: { ...simple.thresholds, mqlProject: 'any' as const } };
    expect(scoreLead({ ...strong, project: { text: 'une machine à café' } }, any).qualified).toBe(true);
  });

  it('re-scores from scratch when the lead gets new data', () => {
    const lead: Partial<Lead> = { role: 'decision-maker' };
    const first = scoreLead(lead, simple);
    const second = scoreLead({ ...lead, timeline: { text: 'now', horizonMonths: 0, bucket: 'now' } }, simple);
    expect(second.score - first.score).toBe(30);
    expect(second.temperature).toBe('warm');
  });

  it('segments by country (given, else from the phone), sector and company size', () => {
    expect(scoreLead({ phone: '+33612345678', segment: { sector: 'software', companySize: '10-49' } }, rules).segment).toEqual({
      country: 'FR',
      sector: 'software',
      companySize: '10-49',
    });
    expect(scoreLead({ phone: '+14155550123', segment: { country: 'ca' } }, rules).segment).toEqual({ country: 'CA' });
    expect(scoreLead({ phone: '+12025550123' }, rules).segment).toEqual({ country: 'US' });
    expect(scoreLead({}, rules).segment).toEqual({});
  });

  it('ignores hostile or malformed values instead of throwing or scoring them', () => {
    const hostile = {
      timeline: { bucket: '__proto__' },
      motivation: { text: '<script>', category: 'constructor' },
      role: 'toString',
      budget: { amount: Number.POSITIVE_INFINITY, currency: '{"$gt": ""}' },
      emailKind: 'hasOwnProperty',
      phone: '☎'.repeat(10_000),
      project: { text: { $gt: '' } },
      segment: { country: { $ne: null }, sector: 'x'.repeat(10_000), companySize: '__proto__' },
      behaviour: {
        pageViews: Number.NaN,
        timeOnSiteSec: -50,
        visits: '9999',
        events: [null, 'pricing_simulation', { name: { $gt: '' } }, { name: '__proto__' }],
        pages: [null, { url: 42 }, { url: '<img src=x onerror=alert(1)>' }],
      },
    } as unknown as Partial<Lead>;
    for (const set of [rules, simple]) {
      const result = scoreLead(hostile, set);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
      expect(sum(result.breakdown)).toBe(result.score);
      expect(result.breakdown.every((l) => Number.isFinite(l.points) && l.reason.length < 200)).toBe(true);
      expect(result.segment.sector?.length).toBeLessThanOrEqual(60);
    }
    expect(scoreLead(null as unknown as Partial<Lead>, rules).score).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quotes free-text projects short and on one line', () => {
    const line = scoreLead({ project: { text: `line one\n\nline two ${'x'.repeat(500)}` } }, simple).breakdown[0];
    expect(line?.reason.startsWith('Project: "line one line two')).toBe(true);
    expect(line?.reason.length).toBeLessThan(120);
  });
});

describe('scoreValues (dialog engine)', () => {
  it('scores slot values with the default rules', () => {
    const result = scoreValues({
      timeline: { text: 'asap', horizonMonths: 0, bucket: 'now' },
      role: 'decision-maker',
      project: { text: 'un CRM', id: 'crm', label: 'CRM' },
      motivation: { text: 'remplacer', category: 'replace' },
    });
    expect(result.score).toBe(25 + 15 + 15 + 15);
    expect(result.qualified).toBe(true);
    expect(sum(result.breakdown)).toBe(result.score);
  });
});

describe('breakdown language', () => {
  const lead: Partial<Lead> = {
    timeline: { text: 'sous 2 mois', horizonMonths: 2, bucket: '1-3m' },
    motivation: { text: 'remplacer', category: 'replace' },
    role: 'decision-maker',
    budget: { amount: 2000, currency: 'EUR', period: 'month' },
    behaviour: { pageViews: 6, timeOnSiteSec: 0, visits: 2 },
  };

  it('speaks French when the rules file says language: fr, with the same points', () => {
    const french = scoreLead(lead, { ...simple, language: 'fr' });
    const english = scoreLead(lead, simple);
    expect(french.breakdown.map((l) => l.points)).toEqual(english.breakdown.map((l) => l.points));
    expect(french.breakdown.map((l) => l.reason)).toEqual([
      'Échéance : dans 1 à 3 mois (+20)',
      'Motivation : remplacer l’outil actuel (+10)',
      'Budget : 2000 EUR/mois — big (+20)',
      'Rôle : décideur (+15)',
      'Site : 6 pages vues (+4)',
      'Site : 2 visites (+5)',
    ]);
  });

  it('names sectors and catalogue entries in the team\'s language, whatever language the visitor wrote in', () => {
    const visitor: Partial<Lead> = { segment: { sector: 'industry' }, project: { text: 'a mobile app', id: 'mobile-app', label: 'Mobile app' } };
    const french = scoreLead(visitor, rules, { project: (id) => (id === 'mobile-app' ? 'Application mobile' : undefined) });
    const reasons = french.breakdown.map((l) => l.reason).join('\n');
    expect(reasons).toMatch(/Secteur : industrie/);
    expect(reasons).toMatch(/Projet : Application mobile \(dans notre catalogue\)/);
    // Without a catalogue to ask, the label stored with the answer is shown.
    expect(scoreLead(visitor, rules).breakdown.map((l) => l.reason).join('\n')).toMatch(/Projet : Mobile app/);
  });

  it('the shipped rules are French and refuse an unknown language', () => {
    expect(rules.language).toBe('fr');
    expect(() => parseScoringRules('language: de\nthresholds: { temperature: { warm: 1, hot: 2 }, mql: 1, mqlProject: any }\nanswers: {}\n', 'lang.yaml')).toThrow(/lang\.yaml:1/);
  });
});
