/** The markdown report of a persona run: what was asked, re-asked, and stored vs expected. */
import type { Lead } from '../../core/lead/model.js';
import type { ConversationRun } from './conversation-driver.js';
import { describeExpectation, type FieldComparison } from './lead-comparison.js';

export interface PersonaOutcome {
  run: ConversationRun;
  lead: Lead | undefined;
  fields: FieldComparison[];
  stageMatched: boolean;
  temperatureMatched: boolean;
}

export interface Totals {
  personas: number;
  fieldsMatched: number;
  fields: number;
  stagesMatched: number;
  temperaturesMatched: number;
  reasks: number;
  askedAgain: number;
}

export function totalsOf(outcomes: readonly PersonaOutcome[]): Totals {
  const stored = outcomes.filter((o) => o.run.persona.expected.stored);
  return {
    personas: outcomes.length,
    fieldsMatched: outcomes.reduce((n, o) => n + o.fields.filter((f) => f.matched).length, 0),
    fields: outcomes.reduce((n, o) => n + o.fields.length, 0),
    stagesMatched: stored.filter((o) => o.stageMatched).length,
    temperaturesMatched: stored.filter((o) => o.temperatureMatched).length,
    reasks: outcomes.reduce((n, o) => n + o.run.exchanges.filter((e) => e.reask).length, 0),
    askedAgain: outcomes.reduce((n, o) => n + o.run.askedAgain.length, 0),
  };
}

export function summaryLine(totals: Totals): string {
  const stored = totals.personas;
  return (
    `conversations: ${totals.fieldsMatched}/${totals.fields} fields matched, ` +
    `stage ${totals.stagesMatched} and temperature ${totals.temperaturesMatched} as expected (of the stored leads), ` +
    `${totals.reasks} re-asks, ${totals.askedAgain} questions asked again, ${stored} personas`
  );
}

const cell = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value)).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const quote = (text: string, max = 160): string => `“${(text.length > max ? `${text.slice(0, max)}…` : text).replace(/\n/g, ' ⏎ ')}”`;

function personaSection(outcome: PersonaOutcome): string {
  const { run, lead, fields } = outcome;
  const { persona } = run;
  const lines = [`## ${persona.id}`, '', `${persona.summary}. Page locale: ${persona.locale ?? '(none)'}; writes in ${persona.speaks}.`, ''];
  lines.push(`- Slots asked: ${run.exchanges.map((e) => (e.source === 'interjection' ? `${e.slot}[${e.said}]` : e.slot)).join(' → ') || '(none)'}`);
  lines.push(`- Ended: ${run.ended ? 'yes' : '**no**'} — last bot words: ${quote(run.closingText)}`);
  const reasks = run.exchanges.filter((e) => e.reask);
  lines.push(`- Re-asks: ${reasks.length === 0 ? 'none' : ''}`);
  for (const exchange of run.exchanges.filter((e, i, all) => all[i + 1]?.reask && all[i + 1]?.slot === e.slot)) {
    const next = run.exchanges[run.exchanges.indexOf(exchange) + 1]!;
    lines.push(`  - \`${exchange.slot}\`: said ${quote(exchange.said)} → bot ${quote(next.botText)}`);
  }
  if (run.askedAgain.length > 0) lines.push(`- **Asked again after moving on**: ${run.askedAgain.join(', ')}`);
  const extras = run.exchanges.filter((e) => e.source === 'suggestion' || e.source === 'choice');
  for (const extra of extras) lines.push(`- ${extra.source} on \`${extra.slot}\`: bot ${quote(extra.botText)} → ${quote(extra.said)}`);
  if (!persona.expected.stored) {
    lines.push(`- Stored lead: ${lead ? '**yes (consent was declined!)**' : 'none, as expected'}`, '');
    return lines.join('\n');
  }
  if (!lead) {
    lines.push('- Stored lead: **none**', '');
    return lines.join('\n');
  }
  const expectedStage = persona.expected.stage?.join(' | ') ?? '—';
  const expectedTemperature = persona.expected.temperature?.join(' | ') ?? '—';
  lines.push(
    `- Stored: stage \`${lead.stage}\` (expected ${expectedStage})${outcome.stageMatched ? '' : ' ✗'}, score ${lead.score}, ` +
      `temperature \`${lead.temperature}\` (expected ${expectedTemperature})${outcome.temperatureMatched ? '' : ' ✗'}`,
  );
  lines.push(`- Breakdown: ${lead.scoreBreakdown.map((l) => `${l.rule} ${l.points > 0 ? '+' : ''}${l.points}`).join(', ')}`);
  lines.push('', '| field | expected | stored | |', '| --- | --- | --- | --- |');
  for (const field of fields) lines.push(`| ${field.field} | ${describeExpectation(field.expected).replace(/\|/g, '\\|')} | ${cell(field.actual)} | ${field.matched ? '✓' : '✗'} |`);
  lines.push('');
  return lines.join('\n');
}

export function renderReport(outcomes: readonly PersonaOutcome[]): string {
  const totals = totalsOf(outcomes);
  const misses = outcomes.flatMap((o) =>
    o.fields.filter((f) => !f.matched).map((f) => {
      const said = o.run.exchanges.filter((e) => e.source !== 'interjection').filter((e) => e.slot === f.field || (f.field.startsWith('budget') && e.slot === 'budget')).map((e) => quote(e.said, 100));
      return `| ${o.run.persona.id} | ${f.field} | ${said.join(', ').replace(/\|/g, '\\|')} | ${describeExpectation(f.expected).replace(/\|/g, '\\|')} | ${cell(f.actual)} |`;
    }),
  );
  return [
    '# Whole conversations on /api/messages',
    '',
    `Generated by \`test/e2e-conversations/personas.test.ts\` on ${new Date().toISOString()}.`,
    '',
    `**${summaryLine(totals)}**`,
    '',
    '## Field mismatches',
    '',
    '| persona | field | visitor said | expected | stored |',
    '| --- | --- | --- | --- | --- |',
    ...misses,
    '',
    ...outcomes.map(personaSection),
  ].join('\n');
}
