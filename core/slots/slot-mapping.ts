/**
 * Dialog slots ↔ lead fields. The dialogs speak in slots (what was asked); the store speaks in
 * lead fields (docs/architecture.md). Keeping the translation here means neither side knows the other.
 */
import type { Budget, Lead, LeadPatch, Motivation, Project, Role, Timeline } from '../lead/model.js';

export type SlotValues = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function emailOf(v: unknown): { email?: string; emailKind?: Lead['emailKind'] } {
  if (typeof v === 'string') return { email: v.trim().toLowerCase() };
  if (isObject(v) && typeof v.address === 'string') {
    const kind = v.kind === 'company' || v.kind === 'free' || v.kind === 'disposable' ? v.kind : undefined;
    return { email: v.address.trim().toLowerCase(), ...(kind ? { emailKind: kind } : {}) };
  }
  return {};
}

function nameOf(v: unknown): string | undefined {
  return text(v) ?? (isObject(v) ? text(v.name) ?? text(v.full) : undefined);
}

function companyOf(v: unknown): string | undefined {
  return text(v) ?? (isObject(v) ? text(v.name) ?? text(v.company) : undefined);
}

/** Turns collected slot values into a lead patch; unknown or malformed values are ignored, never stored. */
export function patchFromSlots(values: SlotValues): LeadPatch {
  const patch: LeadPatch = {};
  Object.assign(patch, emailOf(values.email));
  const name = nameOf(values.name);
  if (name) patch.name = name;
  if (typeof values.phone === 'string' && /^\+[1-9]\d{5,14}$/.test(values.phone)) patch.phone = values.phone;
  if (isObject(values.phone) && typeof values.phone.e164 === 'string') patch.phone = values.phone.e164;
  const company = companyOf(values.company);
  if (company) patch.company = company;
  if (isObject(values.project) && typeof values.project.text === 'string') patch.project = values.project as unknown as Project;
  else if (text(values.project)) patch.project = { text: text(values.project)! };
  if (isObject(values.timeline) && typeof values.timeline.bucket === 'string') patch.timeline = values.timeline as unknown as Timeline;
  if (isObject(values.motivation) && typeof values.motivation.category === 'string') {
    patch.motivation = values.motivation as unknown as Motivation;
  } else if (text(values.motivation)) {
    patch.motivation = { text: text(values.motivation)!, category: text(values.motivation)! };
  }
  if (isObject(values.budget) && typeof values.budget.amount === 'number') patch.budget = values.budget as unknown as Budget;
  if (text(values.role)) patch.role = text(values.role) as Role;
  const segment: NonNullable<LeadPatch['segment']> = {};
  if (text(values.companySize)) segment.companySize = text(values.companySize);
  if (text(values.sector)) segment.sector = text(values.sector);
  if (text(values.country)) segment.country = text(values.country);
  if (Object.keys(segment).length > 0) patch.segment = segment;
  return patch;
}

/** What a returning visitor has already told us, as slot values: never asked again. */
export function slotsFromLead(lead: Lead): SlotValues {
  const known: SlotValues = {};
  if (lead.consent?.given) known.consent = true;
  if (lead.name) known.name = lead.name;
  if (lead.email) known.email = lead.emailKind ? { address: lead.email, kind: lead.emailKind } : lead.email;
  if (lead.phone) known.phone = lead.phone;
  if (lead.company) known.company = lead.company;
  if (lead.project) known.project = lead.project;
  if (lead.timeline) known.timeline = lead.timeline;
  if (lead.motivation) known.motivation = lead.motivation;
  if (lead.budget) known.budget = lead.budget;
  if (lead.role) known.role = lead.role;
  if (lead.segment?.companySize) known.companySize = lead.segment.companySize;
  if (lead.segment?.sector) known.sector = lead.segment.sector;
  return known;
}
