import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogueError, createProjectExtractor, loadCatalogue } from '../../../bot/nlu/qualification/project.js';

const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T10:00:00Z') };
const dir = mkdtempSync(path.join(tmpdir(), 'leadq-catalogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, yaml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

describe('project matching', () => {
  const extractor = createProjectExtractor({
    entries: [
      { id: 'website', labels: { fr: 'Site web', en: 'Website' }, synonyms: { fr: ['site internet', 'site'], en: ['website'] } },
      { id: 'ecommerce', labels: { fr: 'E-commerce', en: 'E-commerce' }, synonyms: { fr: ['site e-commerce', 'boutique en ligne'] } },
      { id: 'chatbot', labels: { fr: 'Chatbot', en: 'Chatbot' }, synonyms: { fr: ['agent conversationnel'], en: ['virtual assistant'] } },
    ],
  });
  const match = (text: string, locale: 'fr' | 'en' = 'fr') => {
    const result = extractor.extract(text, { ...ctx, locale });
    return result.ok ? result.value : undefined;
  };

  it('folds case, accents and plurals and skips small words', () => {
    expect(match('Des SITES INTERNET')?.id).toBe('website');
    expect(match('des agents conversationnels')?.id).toBe('chatbot');
  });

  it('prefers the longest phrase, then the one said first', () => {
    expect(match('un site e-commerce')?.id).toBe('ecommerce');
    expect(match('un agent conversationnel pour le site')?.id).toBe('chatbot');
  });

  it('reads what follows French "à" as a complement, not the English article "a"', () => {
    expect(match('brancher un agent conversationnel à notre site e-commerce')).toMatchObject({ id: 'chatbot' });
    // Read as "à", the article would make the assistant a complement of the website, the website sure.
    expect(match('a new website and a virtual assistant', 'en')).toMatchObject({ id: 'chatbot' });
  });

  it('matches English synonyms on the French site and labels in the visitor locale', () => {
    expect(match('a virtual assistant', 'fr')).toMatchObject({ id: 'chatbot', label: 'Chatbot' });
    expect(match('our website', 'en')).toMatchObject({ id: 'website', label: 'Website' });
  });

  it('keeps free text when nothing matches', () => {
    expect(match('une machine à café')).toEqual({ text: 'une machine à café' });
  });

  it('does not take "I don\'t know" for a project', () => {
    for (const text of ['je ne sais pas', 'Rien de précis.', 'aucune idée', "I don't know", 'no idea', '??', '🤷']) {
      expect(extractor.extract(text, ctx)).toEqual({ ok: false, reason: 'no_project' });
    }
  });

  it('reads an answer opening with "no project" as none, unless it turns to one', () => {
    expect(match("Pas de projet pour l'instant, je lisais un article sur votre site")).toEqual({ text: "Pas de projet pour l'instant, je lisais un article sur votre site" });
    expect(match('Hello, nothing planned, I was only reading about virtual assistants', 'en')).toEqual({ text: 'Hello, nothing planned, I was only reading about virtual assistants' });
    expect(match('pas de projet défini, mais on pense à une boutique en ligne')?.id).toBe('ecommerce');
    expect(match('no project yet, but a virtual assistant would help', 'en')?.id).toBe('chatbot');
  });

  it('reads "je n\'ai pas vraiment de projet" and an answer opening by looking around our site or ad as none, unless a need follows', () => {
    for (const [text, locale] of [["Bonjour, je n'ai pas vraiment de projet, j'ai vu un chatbot chez un concurrent", 'fr'], ['je découvre votre site', 'fr'],
      ['I came across your website', 'en'], ["we don't really have a project, I was reading your blog about CRMs", 'en']] as const) {
      expect(match(text, locale)).toEqual({ text });
    }
    expect(match('je suis tombé sur votre site, on voudrait un agent conversationnel comme le vôtre')?.id).toBe('chatbot');
    expect(match('I came across your blog and we need a new website', 'en')?.id).toBe('website');
  });

  it('keeps leaving our mailing list or pitching us as free text, not a project', () => {
    for (const text of ['I want to unsubscribe from your emails', "I'm selling website redesigns, are you interested?", 'je voudrais me désabonner de votre site internet', 'Seriez-vous intéressés par un agent conversationnel ?']) {
      expect(match(text, text.startsWith('I') ? 'en' : 'fr')).toEqual({ text });
    }
  });

  it('reads the products a linking verb joins as its objects, but not a new thing to get nor people to reach', () => {
    const catalogue = createProjectExtractor(loadCatalogue());
    const read = (text: string, locale: 'fr' | 'en' = 'fr') => catalogue.extract(text, { ...ctx, locale });
    expect(read('connecter Odoo et WooCommerce')).toMatchObject({ value: { id: 'integration' } });
    expect((read('connecter Odoo et WooCommerce') as { confidence: number }).confidence).toBeGreaterThanOrEqual(0.5);
    // The table cannot tell the chatbot from its integration and asks; the cross-check classifier reads the chatbot.
    expect(read('connecter un chatbot à notre site')).toMatchObject({ value: { id: 'chatbot' }, confidence: 0.6 });
    expect(read('connect with our customers through a mobile app', 'en')).not.toMatchObject({ value: { id: 'integration' } });
  });

  it('keeps "pas du tout un CRM" a refusal of the CRM: "du tout" does not use up the negation', () => {
    const catalogue = createProjectExtractor(loadCatalogue());
    expect(catalogue.extract('pas du tout un CRM, on veut juste des newsletters', ctx)).toMatchObject({ value: { id: 'marketing-automation' } });
  });

  it('reads the products after a service and "entre"/"between" as its objects, and chat French "pr" as "pour"', () => {
    const services = createProjectExtractor({
      entries: [
        { id: 'crm', labels: { fr: 'CRM', en: 'CRM' }, synonyms: { fr: ['crm'], en: ['crm'] } },
        { id: 'website', labels: { fr: 'Site web', en: 'Website' }, synonyms: { fr: ['site'], en: ['website'] } },
        { id: 'chatbot', labels: { fr: 'Chatbot', en: 'Chatbot' }, synonyms: { fr: ['chat bot'] } },
        { id: 'support', service: true, labels: { fr: 'Support', en: 'Support' }, synonyms: { fr: ['sav'] } },
        { id: 'integration', service: true, labels: { fr: 'Intégration', en: 'Integration' }, synonyms: { fr: ['connecteur', 'connecter * crm'], en: ['connector'] } },
      ],
    });
    const read = (text: string, locale: 'fr' | 'en' = 'fr') => services.extract(text, { ...ctx, locale });
    expect(read('un connecteur entre le site et le CRM')).toMatchObject({ value: { id: 'integration' } });
    expect(read('a connector between our website and the CRM', 'en')).toMatchObject({ value: { id: 'integration' } });
    expect(read('a connector between Outlook, our website and the CRM', 'en')).toMatchObject({ value: { id: 'integration' } });
    expect(read('chat bot connecté à notre CRM')).toMatchObject({ value: { id: 'chatbot' } });
    expect(read('que le site soit connecté au CRM')).toMatchObject({ value: { id: 'integration' } });
    const bot = read('chat bot pr le SAV');
    expect(bot).toMatchObject({ value: { id: 'chatbot' } });
    expect(bot.ok && bot.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('caps the kept text, and refuses an answer too long to be one', () => {
    expect(match('x'.repeat(800))?.text.length).toBe(500);
    expect(extractor.extract('x'.repeat(20_000), ctx)).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('catalogue file', () => {
  it('loads the default catalogue', () => {
    expect(loadCatalogue().entries.map((e) => e.id)).toContain('crm');
  });

  it('reports an unknown field with its line', () => {
    const file = write('unknown.yaml', 'entries:\n  - id: crm\n    labels: { fr: CRM, en: CRM }\n    synonym: [crm]\n');
    expect(() => loadCatalogue(file)).toThrow(CatalogueError);
    expect(() => loadCatalogue(file)).toThrow(/unknown\.yaml:4:5 entries\.0: unknown field "synonym"/);
  });

  it('reports bad YAML with its line', () => {
    const file = write('bad.yaml', 'entries:\n  - id: crm\n    labels: { fr: CRM, en: CRM\n');
    expect(() => loadCatalogue(file)).toThrow(/bad\.yaml:\d+:\d+/);
  });

  it('rejects duplicate ids and a missing file', () => {
    const file = write('dup.yaml', 'entries:\n  - { id: crm, labels: { fr: a, en: a } }\n  - { id: crm, labels: { fr: b, en: b } }\n');
    expect(() => loadCatalogue(file)).toThrow(/duplicate id "crm"/);
    expect(() => loadCatalogue(path.join(dir, 'missing.yaml'))).toThrow(/cannot read file/);
  });
});
