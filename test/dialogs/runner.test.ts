import { describe, expect, it } from 'vitest';
import type { Extractor } from '../../core/slots/extractor.js';
import type { LeadScore } from '../../core/lead/model.js';
import { parseScripts } from '../../dialogs/engine/loader.js';
import { createMemoryHost, type MemoryHostOptions } from '../../dialogs/engine/memory-host.js';
import type { RunnerState, TurnResult } from '../../dialogs/engine/model.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';

const SCRIPT = `
variables: [plan]
messages:
  hi: { fr: "Bonjour {name}", en: "Hello {name}" }
  bye: { fr: "Au revoir", en: "Bye" }
  pick: { fr: "Choisissez", en: "Pick one" }
questions:
  role:
    slot: role
    kind: choice
    message: { fr: "Votre rôle ?", en: "Your role?" }
    choices:
      - { value: decision-maker, label: { fr: "Décideur", en: "Decision-maker" } }
      - { value: user, label: { fr: "Utilisateur", en: "User" } }
  companySize: { slot: companySize, kind: text, message: { fr: "Taille ?", en: "Size?" } }
  sector: { slot: sector, kind: text, message: { fr: "Secteur ?", en: "Sector?" } }
flows:
  main:
    - say: hi
    - ask: { slot: name, kind: text, message: { fr: "Nom ?", en: "Name?" }, help: { fr: "Votre nom complet", en: "Your full name" } }
    - call: contact
    - ask: role
    - if: role == "decision-maker"
      then:
        - set: { plan: pro }
      else:
        - set: { plan: basic }
    - ask: { slot: motivation, kind: text, message: { fr: "Pourquoi ?", en: "Why?" }, fallback: { minConfidence: 0.5, field: category, message: pick, choices: [{ value: growth, label: { fr: Croissance, en: Growth } }, { value: cost, label: { fr: Coûts, en: Costs } }] } }
    - profile: { slots: [companySize, sector], perVisit: 1 }
    - score: true
    - switch: temperature
      cases:
        hot: [{ end: { fr: "Chaud {plan}", en: "Hot {plan}" } }]
      default: [{ end: bye }]
  contact:
    - ask: { slot: email, kind: email, message: { fr: "E-mail ?", en: "Email?" }, maxAttempts: 2, onFail: end }
    - ask: { slot: phone, kind: phone, message: { fr: "Téléphone ?", en: "Phone?" }, optional: true, maxAttempts: 2 }
    - save: { stage: mcl }
`;

const HOT: LeadScore = { score: 90, temperature: 'hot', breakdown: [], qualified: true };

/** A motivation extractor whose confidence depends on the words used, like the real classifier. */
const motivation: Extractor = {
  slot: 'motivation',
  extract: (text) => ({ ok: true, value: { text, category: text.includes('grow') ? 'growth' : 'other', confidence: text.includes('grow') ? 0.9 : 0.2 }, confidence: text.includes('grow') ? 0.9 : 0.2 }),
};
const email: Extractor = {
  slot: 'email',
  extract: (text) => text.endsWith('@gmial.com')
    ? { ok: true, value: text, confidence: 0.5, suggestion: { key: 'email_typo', params: { address: text.replace('gmial', 'gmail') } } }
    : text.includes('@') ? { ok: true, value: text.trim().toLowerCase(), confidence: 1 } : { ok: false, reason: 'invalid_email' },
};

function setup(options: Partial<MemoryHostOptions> = {}, script = SCRIPT) {
  const runner = new ScriptRunner(parseScripts([{ file: 'test.yaml', text: script }]), 'test');
  const host = createMemoryHost({ extractors: { motivation, email }, score: () => HOT, now: () => new Date('2026-01-05T09:00:00Z'), ...options });
  let turn: TurnResult;
  return {
    runner,
    host,
    start: async (locale: 'fr' | 'en' = 'en') => (turn = await runner.start({ locale, host })),
    say: async (text: unknown) => (turn = await runner.resume(turn.state, text, host)),
    get turn() { return turn; },
    asking: () => turn.outputs.at(-1)?.prompt?.slot ?? null,
    texts: () => turn.outputs.map((o) => o.text),
  };
}

async function walk(chat: ReturnType<typeof setup>, answers: unknown[]) {
  for (const answer of answers) await chat.say(answer);
}

describe('ScriptRunner', () => {
  it('runs say, ask, sub-flow, save, branch, set, score and switch to the end', async () => {
    const chat = setup();
    await chat.start();
    expect(chat.texts()).toEqual(['Hello ', 'Name?']);
    expect(chat.turn.outputs[1]?.prompt).toEqual({ slot: 'name', kind: 'text' });
    await walk(chat, ['Ada', 'ada@example.com', 'skip']);
    expect(chat.host.saves).toEqual([{ values: { name: 'Ada', email: 'ada@example.com' }, stage: 'mcl' }]);
    expect(chat.turn.outputs[0]?.prompt?.choices).toEqual([{ value: 'decision-maker', label: 'Decision-maker' }, { value: 'user', label: 'User' }]);
    await walk(chat, ['DECISION-MAKER', 'we grow fast', '11-50']);
    expect(chat.turn.done).toBe(true);
    expect(chat.texts()).toEqual(['Hot pro']);
    expect(chat.turn.state.values).toMatchObject({ role: 'decision-maker', plan: 'pro', score: 90, qualified: true, companySize: '11-50' });
    expect(chat.turn.state.values.sector).toBeUndefined();
  });

  it('accepts a choice by number, label or value, ignoring case and accents', async () => {
    for (const answer of ['2', 'utilisateur', 'UTILISATEUR', ' user ']) {
      const chat = setup({ known: { name: 'A', email: 'a@b.co', phone: '+33612345678' } });
      await chat.start('fr');
      expect(chat.asking()).toBe('role');
      await chat.say(answer);
      expect(chat.turn.state.values.role).toBe('user');
    }
    const chat = setup({ known: { name: 'A', email: 'a@b.co', phone: '+33612345678' } });
    await chat.start('fr');
    await chat.say('Décideur');
    expect(chat.turn.state.values.plan).toBe('pro');
  });

  it('re-asks invalid answers with the reason message, then skips or ends after maxAttempts', async () => {
    const chat = setup();
    await chat.start();
    await walk(chat, ['Ada', 'not an email']);
    expect(chat.asking()).toBe('email');
    expect(chat.texts()[0]).toContain("doesn't look valid");
    await chat.say('still not');
    expect(chat.turn.done).toBe(true);
    expect(chat.host.saves).toEqual([]);

    const optional = setup({ known: { name: 'Ada', email: 'a@b.co' } });
    await optional.start();
    expect(optional.asking()).toBe('phone');
    await optional.say('12');
    expect(optional.asking()).toBe('phone');
    await optional.say('34');
    expect(optional.texts()[0]).toContain('move on');
    expect(optional.asking()).toBe('role');
  });

  it('handles help, restart and stop at any point', async () => {
    const chat = setup();
    await chat.start('fr');
    await chat.say('Ada');
    await chat.say('aide');
    expect(chat.texts()[0]).toContain('Répondez simplement');
    expect(chat.asking()).toBe('email');
    expect(chat.turn.state.attempts).toBe(0);
    await chat.say('Ada@Example.com');
    await chat.say('Recommencer !');
    expect(chat.texts()[0]).toContain('depuis le début');
    expect(chat.asking()).toBe('name');
    // Starting over forgets unsaved answers: only what the host knows survives.
    expect(chat.turn.state.values).toEqual({});
    await chat.say('aide');
    expect(chat.texts()).toEqual(['Votre nom complet', 'Nom ?']);
    await chat.say('annuler');
    expect(chat.turn.done).toBe(true);
    expect((await chat.runner.resume(chat.turn.state, 'hello', chat.host)).outputs).toEqual([]);
  });

  it('asks to confirm an extractor suggestion and uses the corrected value on yes', async () => {
    const chat = setup({ known: { name: 'Ada' } });
    await chat.start();
    await chat.say('ada@gmial.com');
    expect(chat.turn.outputs[0]).toEqual({ text: 'Did you mean ada@gmail.com?', prompt: { slot: 'email', kind: 'confirm', choices: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] } });
    await chat.say('yes');
    expect(chat.turn.state.values.email).toBe('ada@gmail.com');

    const keep = setup({ known: { name: 'Ada' } });
    await keep.start();
    await keep.say('ada@gmial.com');
    await keep.say('no');
    expect(keep.turn.state.values.email).toBe('ada@gmial.com');
  });

  it('offers fallback choices when the extractor is not confident', async () => {
    const chat = setup({ known: { name: 'A', email: 'a@b.co', phone: '+33612345678', role: 'user' } });
    await chat.start();
    expect(chat.asking()).toBe('motivation');
    await chat.say('hmm dunno');
    expect(chat.turn.outputs[0]?.prompt).toEqual({ slot: 'motivation', kind: 'choice', choices: [{ value: 'growth', label: 'Growth' }, { value: 'cost', label: 'Costs' }] });
    await chat.say('2');
    expect(chat.turn.state.values.motivation).toEqual({ text: 'hmm dunno', category: 'cost' });
  });

  it('never asks what is known, and profiles at most perVisit unknown slots per visit', async () => {
    const chat = setup({ known: { name: 'Ada', email: 'a@b.co', phone: '+33612345678', role: 'user', motivation: { category: 'growth' }, companySize: '1-9' } });
    await chat.start();
    expect(chat.texts()).toEqual(['Hello Ada', 'Sector?']);
    await chat.say('retail');
    expect(chat.turn.done).toBe(true);

    const first = setup({ known: { name: 'Ada', email: 'a@b.co', phone: '+33612345678', role: 'user', motivation: { category: 'growth' } } });
    await first.start();
    expect(first.asking()).toBe('companySize');
    await first.say('10');
    expect(first.turn.done).toBe(true);
  });

  it('resumes from a JSON round-tripped state exactly where it was', async () => {
    const chat = setup();
    await chat.start();
    await walk(chat, ['Ada', 'ada@example.com']);
    const saved = JSON.parse(JSON.stringify(chat.turn.state)) as RunnerState;
    const otherProcess = new ScriptRunner(parseScripts([{ file: 'test.yaml', text: SCRIPT }]), 'test');
    const next = await otherProcess.resume(saved, '+33 6 12 34 56 78', chat.host);
    expect(next.state.values.phone).toBe('+33612345678');
    expect(next.outputs.at(-1)?.prompt?.slot).toBe('role');
    expect(JSON.stringify(saved)).not.toContain('+33612345678');
  });

  it('after a script change, replays silently and takes the answer to the same question', async () => {
    const chat = setup();
    await chat.start();
    await walk(chat, ['Ada', 'ada@example.com']);
    expect(chat.asking()).toBe('phone');
    chat.runner.setScripts(parseScripts([{ file: 'test.yaml', text: SCRIPT.replace('"Téléphone ?"', '"Votre téléphone ?"') }]));
    await chat.say('skip');
    expect(chat.texts()).toEqual(['Your role?']);
    expect(chat.turn.state.version).toBe(chat.runner.version);

    // The pending question no longer exists: the visitor gets the new next question, nothing repeated.
    const removed = setup();
    await removed.start();
    await walk(removed, ['Ada', 'ada@example.com']);
    removed.runner.setScripts(parseScripts([{ file: 'test.yaml', text: SCRIPT.replace(/ {4}- ask: \{ slot: phone.*\n/, '') }]));
    await removed.say('whatever');
    expect(removed.texts()).toEqual(['Your role?']);
  });

  it('never crashes on hostile answers and re-asks oversized ones clearly', async () => {
    const hostile = ['', '   ', 'x'.repeat(10_240), '😀🔥👍', '<img src=x onerror=alert(1)>', '{"$gt": ""}', '__proto__', 'constructor', null, 42, { $gt: '' }];
    for (const answer of hostile) {
      const chat = setup();
      await chat.start();
      await chat.say(answer);
      expect(chat.asking()).toMatch(/^(name|email)$/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    const chat = setup();
    await chat.start('fr');
    await chat.say('y'.repeat(10_240));
    expect(chat.texts()[0]).toContain('trop longue (500 caractères maximum)');
    expect(chat.asking()).toBe('name');
  });

  it('evaluates conditions without exposing prototypes', async () => {
    const script = `flows:\n  main:\n    - if: constructor or __proto__ or toString\n      then: [{ end: { fr: leak, en: leak } }]\n    - end: { fr: safe, en: safe }\n`;
    const chat = setup({}, script);
    await chat.start();
    expect(chat.texts()).toEqual(['safe']);
  });
});
