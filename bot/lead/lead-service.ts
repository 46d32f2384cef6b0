/**
 * The lead lifecycle: visitor → mcl (captured) → mql (qualified) → sql | rejected.
 * Everything a conversation learns goes through here, so consent, scoring, stage rules and
 * alerts are applied the same way whatever the channel.
 */
import type { Behaviour, Lead, LeadPatch, LeadScore, Locale, SaveStage, Stage } from '../../core/lead/model.js';
import type { EventRepository, LeadRepository, OutboxRepository, StageChange } from '../../core/ports/repository.js';
import { summarizeBehaviour } from './behaviour-summary.js';
import { patchFromSlots, slotsFromLead, type SlotValues } from '../../core/slots/slots.js';
import { enqueueLeadAlert } from '../outbox/lead-alert.js';
import { enqueueLeadMail } from '../outbox/lead-mail.js';
import type { LeadEvents } from '../outbox/lead-webhook.js';

/** Scores a lead (rules from config/scoring.yaml); swapped on reload. */
export type LeadScorer = (lead: Partial<Lead>) => LeadScore;

export interface Visitor {
  /** Channel-qualified id, e.g. `web:<visitorId>`, `emulator:<userId>`. */
  visitorId: string;
  channel: string;
  locale: Locale;
}

/** What rescoring compares. */
export type ScoreState = Pick<Lead, 'score' | 'temperature' | 'stage'>;

export interface LeadServiceOptions {
  leads: LeadRepository;
  outbox: OutboxRepository;
  scorer: () => LeadScorer;
  /** Website behaviour events; summarised onto the lead (`behaviour`) so the scoring rules see them. */
  events?: Pick<EventRepository, 'listByVisitor'>;
  /** Also alert sales when a captured lead is already hot. */
  alertHotCaptured?: boolean;
  /** CRM hand-off events (webhooks). */
  leadEvents?: LeadEvents;
  /** Called after an e-mail is queued (wakes the delivery worker of this process). */
  onMailQueued?: () => void;
  now?: () => Date;
}

/** Bounds of one events read (the event repository's own limits). */
const MAX_VISITOR_IDS = 100;
const MAX_EVENTS = 1_000;

const FORWARD: Record<SaveStage, readonly Stage[]> = {
  visitor: [],
  mcl: ['visitor'],
  mql: ['visitor', 'mcl'],
};

export class LeadService {
  private readonly now: () => Date;

  constructor(private readonly options: LeadServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Slot values already known for this visitor: a returning visitor is never asked twice. */
  async known(visitorId: string): Promise<SlotValues> {
    const lead = await this.options.leads.findByVisitorId(visitorId);
    return lead ? slotsFromLead(lead) : {};
  }

  /** Scores what a conversation has collected, on top of what is stored. */
  async score(visitorId: string, values: SlotValues): Promise<LeadScore> {
    const stored = await this.options.leads.findByVisitorId(visitorId);
    return this.options.scorer()(merge(stored, patchFromSlots(values)));
  }

  /**
   * Persists the collected values. Nothing personal is stored before consent. The stage only
   * moves forward: `mcl` needs an e-mail, `mql` needs the scorer to say qualified.
   */
  async save(visitor: Visitor, values: SlotValues, stage?: SaveStage): Promise<Lead | null> {
    const stored = await this.options.leads.findByVisitorId(visitor.visitorId);
    const consented = values.consent === true || stored?.consent?.given === true;
    if (!consented) return null;

    const patch: LeadPatch = { ...patchFromSlots(values), channel: stored?.channel ?? visitor.channel, locale: visitor.locale };
    if (!stored?.consent?.given) patch.consent = { given: true, at: this.now() };
    const behaviour = await this.behaviourOf([...(stored?.visitorIds ?? []), visitor.visitorId]);
    if (behaviour) patch.behaviour = behaviour;
    const scored = this.options.scorer()(merge(stored, patch));
    Object.assign(patch, scoreFields(scored), { segment: { ...stored?.segment, ...patch.segment, ...scored.segment } });

    const email = patch.email ?? stored?.email;
    let change: StageChange | undefined;
    if (stage === 'mcl' && email) change = { to: 'mcl', from: FORWARD.mcl, reason: 'contact details captured' };
    if (stage === 'mql' && email && scored.qualified) change = { to: 'mql', from: FORWARD.mql, reason: `qualified with score ${scored.score}` };

    const lead = await this.options.leads.upsert({ visitorId: visitor.visitorId, ...(email && { email }) }, patch, change);
    await this.alertOnTransition(stored?.stage, lead);
    return lead;
  }

  /** Queue e-mail `template` to this visitor's lead, once; only with consent and an address. */
  async sendMail(visitorId: string, template: string): Promise<boolean> {
    const lead = await this.options.leads.findByVisitorId(visitorId);
    if (!lead?.consent?.given || !lead.email) return false;
    const queued = await enqueueLeadMail(this.options.outbox, lead._id, template);
    if (queued) this.options.onMailQueued?.();
    return queued;
  }

  /** Re-score after new data outside the conversation (website behaviour); may qualify the lead. */
  async rescore(visitorId: string): Promise<Lead | null> {
    const stored = await this.options.leads.findByVisitorId(visitorId);
    if (!stored) return null;
    return (await this.rescoreLead(stored, 'after new website activity')).lead;
  }

  /**
   * Re-score a stored lead with the current rules (`leadq rescore`); with `dryRun`, only say what
   * would change. Stages only move forward: a lead that now qualifies goes mcl → mql, an MQL or SQL
   * is never downgraded.
   */
  async rescoreLead(stored: Lead, reason: string, dryRun = false): Promise<{ before: ScoreState; after: ScoreState; lead: Lead }> {
    const behaviour = await this.behaviourOf(stored.visitorIds);
    const scored = this.options.scorer()(behaviour ? { ...stored, behaviour } : stored);
    const change: StageChange | undefined =
      stored.stage === 'mcl' && scored.qualified ? { to: 'mql', from: ['mcl'], reason: `qualified with score ${scored.score} ${reason}` } : undefined;
    const before = { score: stored.score, temperature: stored.temperature, stage: stored.stage };
    const after = { score: scored.score, temperature: scored.temperature, stage: change?.to ?? stored.stage };
    if (dryRun) return { before, after, lead: stored };
    const patch: LeadPatch = { ...scoreFields(scored), segment: { ...stored.segment, ...scored.segment }, ...(behaviour && { behaviour }) };
    const identity = stored.email ? { email: stored.email } : { visitorId: stored.visitorIds[0] };
    const lead = await this.options.leads.upsert(identity, patch, change);
    await this.alertOnTransition(stored.stage, lead);
    // The CRM hears of a changed score, temperature or stage; keyed by the version rescored, so a repeat sends nothing twice.
    const changed = (['score', 'temperature', 'stage'] as const).some((key) => before[key] !== lead[key]);
    if (changed) await this.options.leadEvents?.emit(lead._id, 'lead.updated', `rescore:${stored._id}:${stored.updatedAt.getTime()}`);
    return { before, after, lead };
  }

  /** Recomputed from the raw events every time, so it stays right when leads merge. */
  private async behaviourOf(visitorIds: readonly string[]): Promise<Behaviour | undefined> {
    if (!this.options.events) return undefined;
    const ids = [...new Set(visitorIds)].slice(0, MAX_VISITOR_IDS);
    return summarizeBehaviour(await this.options.events.listByVisitor(ids, MAX_EVENTS));
  }

  private async alertOnTransition(before: Stage | undefined, lead: Lead): Promise<void> {
    if (lead.stage === before) return;
    const events = this.options.leadEvents;
    if (events && (before === undefined || before === 'visitor') && lead.stage !== 'visitor') await events.emit(lead._id, 'lead.captured');
    if (events && lead.stage === 'mql') await events.emit(lead._id, 'lead.qualified');
    if (lead.stage === 'mql') await enqueueLeadAlert(this.options.outbox, lead._id, 'qualified', this.now());
    else if (lead.stage === 'mcl' && lead.temperature === 'hot' && this.options.alertHotCaptured) {
      await enqueueLeadAlert(this.options.outbox, lead._id, 'captured-hot', this.now());
    }
  }
}

function merge(stored: Lead | null, patch: LeadPatch): Partial<Lead> {
  return { ...stored, ...patch, segment: { ...stored?.segment, ...patch.segment } };
}

function scoreFields(scored: LeadScore): Pick<LeadPatch, 'score' | 'temperature' | 'scoreBreakdown'> {
  return { score: scored.score, temperature: scored.temperature, scoreBreakdown: scored.breakdown };
}
