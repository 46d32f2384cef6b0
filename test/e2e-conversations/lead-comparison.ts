/** Stored lead vs what a persona's words should have produced, field by field. */
import type { Lead } from '../../core/lead/model.js';
import type { Expectation, ExpectedLead } from './personas.js';

export type ExpectedField = keyof NonNullable<ExpectedLead['fields']>;

export interface FieldComparison {
  field: ExpectedField;
  expected: Expectation;
  actual: unknown;
  matched: boolean;
}

/** The stored value of each compared field, flattened (project → catalogue id or free text). */
export function storedField(lead: Lead, field: ExpectedField): unknown {
  switch (field) {
    case 'project':
      return lead.project ? (lead.project.id ?? lead.project.text) : undefined;
    case 'timeline':
      return lead.timeline?.bucket;
    case 'motivation':
      return lead.motivation?.category;
    case 'budgetAmount':
      return lead.budget?.amount;
    case 'budgetCurrency':
      return lead.budget?.currency;
    case 'companySize':
      return lead.segment?.companySize;
    default:
      return lead[field];
  }
}

function matches(expected: Expectation, actual: unknown): boolean {
  if (expected === null) return actual === undefined || actual === null;
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (typeof expected === 'object') return expected.anyOf.some((option) => matches(option, actual));
  return actual === expected;
}

export function compareLead(lead: Lead, expected: ExpectedLead): FieldComparison[] {
  return (Object.entries(expected.fields ?? {}) as [ExpectedField, Expectation][]).map(([field, want]) => {
    const actual = storedField(lead, field);
    return { field, expected: want, actual, matched: matches(want, actual) };
  });
}

export function describeExpectation(expected: Expectation): string {
  if (expected === null) return '(absent)';
  if (expected instanceof RegExp) return String(expected);
  if (typeof expected === 'object') return expected.anyOf.map(describeExpectation).join(' | ');
  return JSON.stringify(expected);
}
