import { describe, expect, it } from 'vitest';
import { companyExtractor } from '../../bot/nlu/contact/company.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { readWith } from './read-with.js';

const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T12:00:00Z') };

describe('company extractor', () => {
  it('extracts the company name after lead-ins', () => {
    expect(companyExtractor.extract('je travaille chez Acme SAS', ctx)).toMatchObject({ ok: true, value: { name: 'Acme SAS', kind: 'company' } });
    expect(companyExtractor.extract('Acme', ctx)).toMatchObject({ ok: true, value: { name: 'Acme', kind: 'company' } });
    expect(companyExtractor.extract('I work for Globex Corporation', { ...ctx, locale: 'en' })).toMatchObject({ ok: true, value: { name: 'Globex Corporation' } });
    expect(companyExtractor.extract('chez Michelin depuis 10 ans', ctx)).toMatchObject({ ok: true, value: { name: 'Michelin' } });
    expect(companyExtractor.extract('I work for a startup called Flowly', ctx)).toMatchObject({ ok: true, value: { name: 'Flowly' } });
    expect(companyExtractor.extract("I'm a student at UCL", { ...ctx, locale: 'en' })).toMatchObject({ ok: true, value: { name: 'UCL' } });
    expect(companyExtractor.extract('je suis une stagiaire chez Acme', ctx)).toMatchObject({ ok: true, value: { name: 'Acme' } });
    expect(companyExtractor.extract('A Taste of Paris', ctx)).toMatchObject({ ok: true, value: { name: 'A Taste of Paris' } });
  });

  it('keeps names that start like a lead-in', () => {
    expect(companyExtractor.extract('La Poste', ctx)).toMatchObject({ ok: true, value: { name: 'La Poste' } });
    expect(companyExtractor.extract('Société Générale', ctx)).toMatchObject({ ok: true, value: { name: 'Société Générale' } });
  });

  it('capitalises names typed in lower case only', () => {
    expect(companyExtractor.extract('leroy merlin', ctx)).toMatchObject({ ok: true, value: { name: 'Leroy Merlin' } });
    expect(companyExtractor.extract('BNP Paribas', ctx)).toMatchObject({ ok: true, value: { name: 'BNP Paribas' } });
  });

  it('flags visitors without a company', () => {
    for (const text of ['freelance', 'indépendant', 'auto-entrepreneur', 'self-employed', 'je suis à mon compte']) {
      expect(companyExtractor.extract(text, ctx), text).toEqual({ ok: true, value: { name: null, kind: 'self-employed' }, confidence: 0.9 });
    }
    for (const text of ['particulier', 'étudiant', 'no company', 'à titre personnel']) {
      expect(companyExtractor.extract(text, ctx), text).toMatchObject({ ok: true, value: { name: null, kind: 'individual' } });
    }
    expect(companyExtractor.extract('freelance, studio Pixel', ctx)).toMatchObject({ ok: true, value: { name: 'studio Pixel', kind: 'self-employed' } });
  });

  it('rejects answers that are not a company', () => {
    for (const text of ['oui', 'jean@acme.fr', '<script>x</script>', 'pourquoi ?', 'pourquoi ?!', '0?!', '0?`', 'Acme?"', 'confidentiel', "!'", '!', '...', '« » -']) {
      expect(companyExtractor.extract(text, ctx), text).toEqual({ ok: false, reason: 'not_a_company' });
    }
  });

  it('never throws on hostile input', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = companyExtractor.extract(input, ctx);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok && result.value.name) expect(result.value.name).not.toMatch(/[<>{}]/);
    }
  });
});

describe('company: what visitors add around the name', () => {
  const run = readWith('2026-03-02');
  it('drops a closing remark and a lower-case article, and refuses a declined answer', () => {
    expect(run(companyExtractor, 'Menuiserie Roy (EURL)')).toEqual({ name: 'Menuiserie Roy', kind: 'company' });
    expect(run(companyExtractor, 'la Banque Populaire')).toEqual({ name: 'Banque Populaire', kind: 'company' });
    expect(run(companyExtractor, 'je suis à la Caisse des Dépôts')).toEqual({ name: 'Caisse des Dépôts', kind: 'company' });
    expect(run(companyExtractor, 'La Redoute')).toEqual({ name: 'La Redoute', kind: 'company' });
    expect(run(companyExtractor, "je ne souhaite pas répondre")).toBe('not_a_company');
    expect(run(companyExtractor, "I'd rather not tell you", 'en')).toBe('not_a_company');
  });
});
