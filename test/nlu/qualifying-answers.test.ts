/**
 * Role, sector and project read the way visitors write (issue 14): job titles alone, problems instead of product
 * names, negations, typos, abbreviations, a main need among several; and an unsure reading comes with a confidence
 * below 0.5, so the bot asks instead of guessing.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../core/lead/model.js';
import { extract } from '../../bot/nlu/registry.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const now = new Date('2026-11-23T12:00:00Z');
/** The value's label (project: catalogue id) and its confidence, or the refusal reason. */
function read(slot: string, text: string, locale: Locale = 'fr'): { label: string; confidence: number } | string {
  const result = extract(slot, text, { locale, now });
  if (!result.ok) return result.reason;
  const label = slot === 'project' ? ((result.value as { id?: string }).id ?? '(free text)') : String(result.value);
  return { label, confidence: result.confidence };
}
const sure = (slot: string, text: string, locale: Locale = 'fr') => {
  const got = read(slot, text, locale);
  return typeof got === 'object' && got.confidence >= 0.5 ? got.label : `(asked: ${JSON.stringify(got)})`;
};
const unsure = (slot: string, text: string, locale: Locale = 'fr') => {
  const got = read(slot, text, locale);
  return typeof got === 'string' || got.confidence < 0.5;
};

describe('role', () => {
  it('a negation is not the thing negated', () => {
    expect(sure('role', "je suis juste celui qui va l'utiliser, je décide de rien")).toBe('user');
    expect(sure('role', "I'm an employee, not a manager", 'en')).toBe('user');
    expect(sure('role', 'je ne suis pas le décideur, je conseille')).toBe('influencer');
  });

  it('who decides outweighs a title; studying options is not being a student', () => {
    expect(sure('role', "DSI, j'étudie les options avant de les présenter au comité")).toBe('influencer');
    expect(sure('role', 'marketing manager, my director will decide', 'en')).toBe('influencer');
    expect(sure('role', 'DAF, le budget c\'est moi qui le valide')).toBe('decision-maker');
    expect(sure('role', 'je prépare un exposé sur les CRM pour la fac')).toBe('student');
  });

  it('reads job titles and abbreviations alone', () => {
    expect(sure('role', 'DSI')).toBe('decision-maker');
    expect(sure('role', 'gérante')).toBe('decision-maker');
    expect(sure('role', 'sales rep', 'en')).toBe('user');
    expect(sure('role', 'acheteuse')).toBe('influencer');
  });

  it('asks when two roles are said with the same strength, or nothing is recognised', () => {
    expect(unsure('role', 'bonjour')).toBe(true);
    expect(unsure('role', 'responsable, technicien')).toBe(true);
    expect(unsure('role', 'utilisateur ou décideur, ça dépend')).toBe(true);
  });
});

describe('sector', () => {
  it('reads what the company does, typos and abbreviations', () => {
    expect(sure('sector', 'on fabrique des portes en alu')).toBe('industry');
    expect(sure('sector', 'we grow and pack organic vegetables', 'en')).toBe('industry');
    expect(sure('sector', 'assurrance')).toBe('finance');
    expect(sure('sector', 'manufactoring', 'en')).toBe('industry');
    expect(sure('sector', 'higher ed', 'en')).toBe('education');
    expect(sure('sector', 'govt agency', 'en')).toBe('public');
    expect(sure('sector', 'BTP')).toBe('industry');
    expect(sure('sector', 'ESN')).toBe('software');
  });

  it('making software for a trade is software; a general word gives way to a precise one', () => {
    expect(sure('sector', 'we build scheduling software for restaurants', 'en')).toBe('software');
    expect(sure('sector', 'un cabinet dentaire')).toBe('health');
    expect(sure('sector', 'an agency of the state', 'en')).toBe('public');
  });
});

describe('project', () => {
  it('reads the problem described instead of the product', () => {
    expect(sure('project', "on gère nos prospects sur des fichiers Excel et on s'y perd")).toBe('crm');
    expect(sure('project', 'teach our staff to use HubSpot', 'en')).toBe('training');
  });

  it('tolerates typos', () => {
    expect(sure('project', 'envoyer des newletters')).toBe('marketing-automation');
    expect(sure('project', 'une aplication mobile')).toBe('mobile-app');
    expect(sure('project', 'emial campaigns', 'en')).toBe('marketing-automation');
  });

  it('connecting a named product to another tool is an integration', () => {
    expect(sure('project', 'connect Salesforce to our billing system', 'en')).toBe('integration');
    expect(sure('project', 'relier Salesforce à notre outil de facturation')).toBe('integration');
  });

  it('takes the main need among several, and asks when two weigh the same', () => {
    expect(sure('project', 'mainly a CRM, maybe a website later', 'en')).toBe('crm');
    expect(sure('project', 'un chatbot pour notre site')).toBe('chatbot');
    expect(unsure('project', 'un site et une appli')).toBe(true);
    expect(unsure('project', 'a CRM and a website', 'en')).toBe(true);
    // The table cannot choose; the cross-check classifier, sure, settles it for one of the two needs said.
    expect(sure('project', 'un CRM et un site web')).toBe('website');
  });

  it('free text outside the catalogue is kept, unsure, so the bot offers the catalogue', () => {
    const result = extract('project', 'une machine à café', { locale: 'fr', now });
    expect(result).toMatchObject({ ok: true, value: { text: 'une machine à café' } });
    expect(result.ok && result.confidence).toBeLessThan(0.5);
  });

  it('an unsure catalogue reading carries no label, so a pick in the choice question never leaves a stale one', () => {
    const result = extract('project', 'un site et une appli', { locale: 'fr', now });
    expect(result).toMatchObject({ ok: true, value: { id: 'website' } });
    expect(result.ok && result.value).not.toHaveProperty('label');
  });
});

describe('every qualifying extractor', () => {
  it('returns a confidence between 0 and 1 and never throws on hostile input', () => {
    for (const slot of ['role', 'sector', 'project', 'motivation', 'companySize']) {
      for (const input of [...HOSTILE_INPUTS, 'ne '.repeat(300), 'directeur '.repeat(90), '* * * *']) {
        const result = extract(slot, input, { locale: 'fr', now });
        if (result.ok) {
          expect(result.confidence, `${slot}: ${input.slice(0, 20)}`).toBeGreaterThanOrEqual(0);
          expect(result.confidence).toBeLessThanOrEqual(1);
        } else {
          expect(result.reason).not.toBe('internal_error');
        }
      }
    }
  });
});
