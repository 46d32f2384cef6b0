/**
 * The slot contract. Dialogs speak in slots (what was asked), the store in lead fields: this table
 * says, for every slot, which answer it accepts and which lead field that answer fills, in both
 * directions. Extractors (bot/nlu/registry.ts) are keyed by the same names.
 */
import type { Budget, Lead, LeadPatch, Motivation, Project, Role, Segment, Timeline } from '../lead/model.js';

type EmailKind = NonNullable<Lead['emailKind']>;

interface SlotSpec<V> {
  /** The answer if it has the slot's shape; anything else (malformed, hostile) is never stored. */
  read(value: unknown): V | undefined;
  toLead(value: V): LeadPatch;
  /** What a stored lead already answers (a returning visitor is never asked again); undefined: ask. */
  fromLead(lead: Lead): unknown;
  /** A script may ask for it without declaring it (false: set by the channel, not asked). */
  askable: boolean;
}

const slot = <V>(spec: SlotSpec<V>): SlotSpec<V> => spec;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** An extractor's value: an object whose `key` has the given type (the rest is the extractor's own shape). */
const objectWith = <T>(v: unknown, key: string, type: 'string' | 'number'): T | undefined => (isObject(v) && typeof v[key] === type ? (v as T) : undefined);
/** Free text or an object naming it under one of `keys`. */
const textOrField = (v: unknown, ...keys: string[]): string | undefined => text(v) ?? (isObject(v) ? keys.map((k) => text(v[k])).find(Boolean) : undefined);
const segmentSlot = (field: keyof Segment, askable = true) =>
  slot<string>({ read: text, toLead: (value) => ({ segment: { [field]: value } }), fromLead: (lead) => lead.segment?.[field], askable });

const E164 = /^\+[1-9]\d{5,14}$/;
const EMAIL_KINDS: readonly EmailKind[] = ['company', 'free', 'disposable'];

export const SLOTS = {
  consent: slot<true>({ read: (v) => (v === true ? true : undefined), toLead: () => ({}), fromLead: (lead) => (lead.consent?.given ? true : undefined), askable: true }),
  name: slot<string>({ read: (v) => textOrField(v, 'name', 'full'), toLead: (name) => ({ name }), fromLead: (lead) => lead.name, askable: true }),
  email: slot<{ address: string; kind?: EmailKind }>({
    read: (v) => {
      if (typeof v === 'string') return { address: v.trim().toLowerCase() };
      if (!isObject(v) || typeof v.address !== 'string') return undefined;
      const kind = EMAIL_KINDS.find((k) => k === v.kind);
      return { address: v.address.trim().toLowerCase(), ...(kind && { kind }) };
    },
    toLead: ({ address, kind }) => ({ email: address, ...(kind && { emailKind: kind }) }),
    fromLead: (lead) => (lead.email && lead.emailKind ? { address: lead.email, kind: lead.emailKind } : lead.email),
    askable: true,
  }),
  phone: slot<{ e164: string; verified: boolean }>({
    read: (v) => {
      const e164 = typeof v === 'string' ? v : objectWith<{ e164: string }>(v, 'e164', 'string')?.e164;
      if (e164 === undefined || !E164.test(e164)) return undefined;
      return { e164, verified: !(isObject(v) && v.verified === false) };
    },
    toLead: ({ e164, verified }) => ({ phone: e164, phoneVerified: verified }),
    fromLead: (lead) => (lead.phone && lead.phoneVerified === false ? { e164: lead.phone, verified: false } : lead.phone),
    askable: true,
  }),
  company: slot<string>({ read: (v) => textOrField(v, 'name', 'company'), toLead: (company) => ({ company }), fromLead: (lead) => lead.company, askable: true }),
  project: slot<Project>({
    read: (v) => objectWith<Project>(v, 'text', 'string') ?? (text(v) ? { text: text(v)! } : undefined),
    toLead: (project) => ({ project }),
    fromLead: (lead) => lead.project,
    askable: true,
  }),
  timeline: slot<Timeline>({ read: (v) => objectWith<Timeline>(v, 'bucket', 'string'), toLead: (timeline) => ({ timeline }), fromLead: (lead) => lead.timeline, askable: true }),
  motivation: slot<Motivation>({
    read: (v) => objectWith<Motivation>(v, 'category', 'string') ?? (text(v) ? { text: text(v)!, category: text(v)! } : undefined),
    toLead: (motivation) => ({ motivation }),
    fromLead: (lead) => lead.motivation,
    askable: true,
  }),
  budget: slot<Budget>({ read: (v) => objectWith<Budget>(v, 'amount', 'number'), toLead: (budget) => ({ budget }), fromLead: (lead) => lead.budget, askable: true }),
  role: slot<Role>({ read: (v) => text(v) as Role | undefined, toLead: (role) => ({ role }), fromLead: (lead) => lead.role, askable: true }),
  companySize: segmentSlot('companySize'),
  sector: segmentSlot('sector'),
  country: segmentSlot('country', false),
} as const;

export type SlotName = keyof typeof SLOTS;
export const SLOT_NAMES = Object.keys(SLOTS) as SlotName[];
/** Slots a script may ask for without declaring them under `variables:`. */
export const LEAD_SLOTS: readonly SlotName[] = SLOT_NAMES.filter((name) => SLOTS[name].askable);

export type SlotValues = Record<string, unknown>;

/** Turns collected slot values into a lead patch; unknown or malformed values are ignored, never stored. */
export function patchFromSlots(values: SlotValues): LeadPatch {
  const patch: LeadPatch = {};
  for (const name of SLOT_NAMES) {
    const spec = SLOTS[name] as SlotSpec<unknown>;
    const value = Object.hasOwn(values, name) ? spec.read(values[name]) : undefined;
    if (value === undefined) continue;
    const { segment, ...fields } = spec.toLead(value);
    Object.assign(patch, fields);
    if (segment) patch.segment = { ...patch.segment, ...segment };
  }
  return patch;
}

/** What a returning visitor has already told us, as slot values: never asked again. */
export function slotsFromLead(lead: Lead): SlotValues {
  const known: SlotValues = {};
  for (const name of LEAD_SLOTS) {
    const value = SLOTS[name].fromLead(lead);
    if (value !== undefined && value !== '') known[name] = value;
  }
  return known;
}
