import { describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { LEAD_SLOTS, patchFromSlots, slotsFromLead } from '../../core/slots/slots.js';

const at = new Date('2026-03-02T10:00:00Z');

describe('the slot table', () => {
  it('turns extractor values into lead fields, segment slots into one segment', () => {
    expect(
      patchFromSlots({
        consent: true,
        name: { full: ' Camille Durand ' },
        email: { address: ' Camille@Acme.FR ', kind: 'company' },
        phone: { e164: '+33612345678' },
        company: { name: 'Acme' },
        project: { text: 'un CRM', id: 'crm' },
        timeline: { text: 'dans 2 mois', horizonMonths: 2, bucket: '1-3m' },
        motivation: 'grandir',
        budget: { amount: 10000, currency: 'EUR' },
        role: 'decision-maker',
        companySize: '10-49',
        sector: 'retail',
        country: 'FR',
      }),
    ).toEqual({
      name: 'Camille Durand',
      email: 'camille@acme.fr',
      emailKind: 'company',
      phone: '+33612345678',
      phoneVerified: true,
      company: 'Acme',
      project: { text: 'un CRM', id: 'crm' },
      timeline: { text: 'dans 2 mois', horizonMonths: 2, bucket: '1-3m' },
      motivation: { text: 'grandir', category: 'grandir' },
      budget: { amount: 10000, currency: 'EUR' },
      role: 'decision-maker',
      segment: { companySize: '10-49', sector: 'retail', country: 'FR' },
    });
  });

  it('ignores malformed and hostile values instead of storing them', () => {
    expect(
      patchFromSlots({
        phone: '0612345678',
        email: { address: 42 },
        budget: { amount: '10k' },
        timeline: 'soon',
        name: '   ',
        role: { $gt: '' },
        __proto__: { name: 'polluted' },
        constructor: 'x',
        unknownSlot: 'x',
      }),
    ).toEqual({});
    expect(patchFromSlots({ email: { address: 'a@b.fr', kind: 'evil' } })).toEqual({ email: 'a@b.fr' });
  });

  it('gives a returning visitor back what the lead already answers, never the country', () => {
    const lead: Lead = {
      _id: 'l1', stage: 'mcl', score: 40, temperature: 'warm', scoreBreakdown: [], visitorIds: ['web:v1'], history: [], createdAt: at, updatedAt: at,
      consent: { given: true, at }, name: 'Camille', email: 'camille@acme.fr', emailKind: 'company', company: 'Acme',
      budget: { amount: 5000, currency: 'EUR' }, segment: { sector: 'retail', country: 'FR' },
    };
    expect(slotsFromLead(lead)).toEqual({
      consent: true, name: 'Camille', email: { address: 'camille@acme.fr', kind: 'company' }, company: 'Acme', budget: { amount: 5000, currency: 'EUR' }, sector: 'retail',
    });
    expect(patchFromSlots(slotsFromLead(lead))).toMatchObject({ name: 'Camille', email: 'camille@acme.fr', emailKind: 'company', company: 'Acme', segment: { sector: 'retail' } });
  });

  it('keeps an unverified phone unverified through a returning visit, and never takes a malformed one', () => {
    const lead: Lead = {
      _id: 'l2', stage: 'mcl', score: 10, temperature: 'cold', scoreBreakdown: [], visitorIds: ['web:v2'], history: [], createdAt: at, updatedAt: at,
      phone: '+33700000000', phoneVerified: false,
    };
    expect(slotsFromLead(lead).phone).toEqual({ e164: '+33700000000', verified: false });
    expect(patchFromSlots(slotsFromLead(lead))).toEqual({ phone: '+33700000000', phoneVerified: false });
    expect(patchFromSlots({ phone: '+33612345678' })).toEqual({ phone: '+33612345678', phoneVerified: true });
    expect(patchFromSlots({ phone: { e164: '07 00 00 00 00', verified: false } })).toEqual({});
  });

  it('lets scripts ask every lead field but not the channel-set country', () => {
    expect(LEAD_SLOTS).toEqual(['consent', 'name', 'email', 'phone', 'company', 'project', 'timeline', 'motivation', 'budget', 'role', 'companySize', 'sector']);
  });
});
