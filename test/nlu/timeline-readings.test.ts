/**
 * Timeline readings, one general rule per test: fractions of a unit, school start,
 * which date counts when an answer names several (past context, negation, corrections and wishes),
 * overdue answers, and more wordings of "no purchase" / "cannot tell". Phrases are not copied from the blind sets.
 */
import { describe, expect, it } from 'vitest';
import { chooseReading } from '../../bot/nlu/timeline/choice.js';
import { normalizeTimeline } from '../../bot/nlu/timeline/normalize.js';
import { findReadings } from '../../bot/nlu/timeline/readings.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { bucketOn, readTimeline } from './timeline-reading.js';

const read = readTimeline;
const bucket = bucketOn;

describe('normalizeTimeline: fractions and school start', () => {
  it('writes "N and a half", "N unit et demi", "N 1/2" and "half a unit" as decimals', () => {
    expect(normalizeTimeline('six and a half weeks')).toBe('6.5 weeks');
    expect(normalizeTimeline('a week and a half')).toBe('1.5 week');
    expect(normalizeTimeline('quatre semaines et demie')).toBe('4.5 semaines');
    expect(normalizeTimeline('7 1/2 months')).toBe('7.5 months');
    expect(normalizeTimeline('une demi-journee')).toBe('une demi-journee');
    expect(normalizeTimeline('half an hour')).toBe('0.5 hour');
    expect(normalizeTimeline('dans une demi-annee')).toBe('dans 0.5 annee');
  });

  it('names every wording of school starting again "rentree"', () => {
    expect(normalizeTimeline('right after back-to-school')).toBe('right after rentree');
    expect(normalizeTimeline("avant l'annee scolaire")).toBe('avant rentree');
  });

  it('turns a bare "next" after "this year/month" into the next one', () => {
    expect(normalizeTimeline('not this month, next')).toBe('not this month, next month');
    expect(normalizeTimeline('pas cette semaine, la prochaine')).toBe('pas cette semaine, la semaine prochaine');
  });
});

describe('timeline: fractions of a unit', () => {
  it('reads halves before or after the unit, in words or digits', () => {
    expect(read('in six and a half weeks', '2026-03-02', 'en')).toMatchObject({ bucket: '1-3m', horizonMonths: 1.5 });
    expect(read('dans quatre ans et demi', '2026-03-02')).toMatchObject({ horizonMonths: 54 });
    expect(read('sous 1,5 trimestre', '2026-03-02')).toMatchObject({ bucket: '3-6m' });
    expect(bucket('in half a year', '2026-03-02', 'en')).toBe('3-6m');
  });
});

describe('timeline: school start', () => {
  it('reads back to school as September, whatever the wording', () => {
    expect(bucket('right before back to school', '2026-04-01', 'en')).toBe('3-6m');
    expect(bucket('à la nouvelle année scolaire', '2026-08-01')).toBe('1-3m'); // mid-September
    expect(bucket('for the next academic year', '2026-11-02', 'en')).toBe('6-12m');
  });
});

describe('timeline: answers that name several times', () => {
  it('takes what follows a correction, a wish or a consequence', () => {
    expect(bucket('prévu pour mai, mais finalement plutôt novembre', '2026-03-02')).toBe('6-12m');
    expect(bucket('the audit is in January so we would like it by November', '2026-03-02', 'en')).toBe('6-12m');
    expect(bucket('we moved offices in 2025 and we want a new tool in April', '2026-03-02', 'en')).toBe('1-3m');
  });

  it('reads a time in a past-tense clause as context, and alone as overdue', () => {
    expect(bucket('the kickoff was in February, now we target October', '2026-03-02', 'en')).toBe('6-12m');
    expect(bucket('il fallait le faire la semaine dernière', '2026-03-02')).toBe('now');
    expect(bucket('we started looking three months ago', '2026-03-02', 'en')).toBe('now');
    expect(bucket('il y a deux mois', '2026-03-02')).toBe('now');
  });

  it('lets a negated time give way to another, and reads it alone as after it', () => {
    expect(bucket('pas en avril, plutôt en juillet', '2026-03-02')).toBe('3-6m');
    expect(bucket('not this quarter, maybe next', '2026-01-10', 'en')).toBe('3-6m');
    expect(bucket('pas en mars', '2026-02-01')).toBe('1-3m');
  });

  it('chooses nothing when there is nothing, and never throws on hostile input', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(chooseReading('rien', [], now)).toBeUndefined();
    for (const input of [...HOSTILE_INPUTS, 'mais en mars '.repeat(1_000), 'was not '.repeat(2_000)]) {
      const folded = input.toLowerCase();
      const choice = chooseReading(folded, findReadings(folded, now), now);
      expect(choice === undefined || choice === 'overdue' || typeof choice.negated === 'boolean').toBe(true);
    }
  });
});

describe('timeline: answers without a date, more wordings', () => {
  it('reads overdue and "end of the week" as now', () => {
    expect(bucket('ça aurait dû être fait hier', '2026-03-02')).toBe('now');
    expect(bucket('should have shipped already', '2026-03-02', 'en')).toBe('now');
    expect(bucket('before the end of the week', '2026-03-02', 'en')).toBe('now');
  });

  it('reads no purchase intended, window-shopping and school work as none', () => {
    expect(bucket("nous n'avons pas besoin d'acheter", '2026-03-02')).toBe('none');
    expect(bucket("we aren't planning to purchase", '2026-03-02', 'en')).toBe('none');
    expect(bucket('taking a quick look', '2026-03-02', 'en')).toBe('none');
    expect(bucket('je suis étudiante', '2026-03-02')).toBe('none');
    expect(bucket("we don't have a real need", '2026-03-02', 'en')).toBe('none');
  });

  it('reads cannot-tell wordings as unknown even with "right now"', () => {
    expect(bucket("difficult to predict right now", '2026-03-02', 'en')).toBe('unknown');
    expect(bucket("the schedule hasn't been agreed", '2026-03-02', 'en')).toBe('unknown');
    expect(bucket('reste à fixer', '2026-03-02')).toBe('unknown');
    expect(bucket('je ne peux pas vous répondre', '2026-03-02')).toBe('unknown');
    expect(bucket('encore assez flou', '2026-03-02')).toBe('unknown');
    expect(bucket('if the grant is approved', '2026-03-02', 'en')).toBe('unknown');
  });

  it('keeps "right now" as urgency when it is the request', () => {
    expect(bucket('we need it right now', '2026-03-02', 'en')).toBe('now');
  });
});
