/**
 * The timeline extractor reads what visitors actually type: shorthand, typos, spelt-out numbers, ISO weeks,
 * fiscal years, holidays and the wordings of "no project" / "not settled yet". Phrases here are not copied
 * from the blind sets: each checks one general rule.
 */
import { describe, expect, it } from 'vitest';
import { normalizeTimeline } from '../../bot/nlu/timeline/normalize.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { bucketOn, readTimeline } from './timeline-reading.js';

const read = readTimeline;
const bucket = bucketOn;

describe('normalizeTimeline', () => {
  it('expands chat shorthand and restores dropped apostrophes', () => {
    expect(normalizeTimeline('ds 3 sem')).toBe('dans 3 sem');
    expect(normalizeTimeline('tt de suite')).toBe('tout de suite');
    expect(normalizeTimeline('qq jours')).toBe('quelques jours');
    expect(normalizeTimeline("dici lete")).toBe("d'ici l'ete");
    expect(normalizeTimeline('au + tard')).toBe('au plus tard');
    expect(normalizeTimeline('le mois pro')).toBe('le mois prochain');
  });

  it('corrects a dropped, doubled or swapped letter in a time word, never a substituted one', () => {
    expect(normalizeTimeline('novembr')).toBe('novembre');
    expect(normalizeTimeline('janvire')).toBe('janvier');
    expect(normalizeTimeline('urgennt')).toBe('urgent');
    expect(normalizeTimeline('next sprint')).toBe('next sprint');
  });

  it('spells numbers as digits but keeps "sept" as September when it counts nothing', () => {
    expect(normalizeTimeline('dans vingt et un jours')).toBe('dans 21 jours');
    expect(normalizeTimeline('sept semaines')).toBe('7 semaines');
    expect(normalizeTimeline('fin sept')).toBe('fin septembre');
    expect(normalizeTimeline('le vingt-sept mai')).toBe('le 27 mai');
  });

  it('reads fiscal years as calendar years and drops "for now" / "from now"', () => {
    expect(normalizeTimeline('fy28')).toBe('2028');
    expect(normalizeTimeline("avant la cloture de l'exercice")).toBe("avant la cloture de l'annee");
    expect(normalizeTimeline('ten weeks from now')).toBe('10 weeks');
    expect(normalizeTimeline('nothing planned for now')).toBe('nothing planned');
    expect(normalizeTimeline('not for now')).toBe('not for now');
  });

  it('survives hostile and oversized input', () => {
    for (const input of [...HOSTILE_INPUTS, 'urgeent '.repeat(2_000), 'ds + '.repeat(3_000)]) {
      expect(typeof normalizeTimeline(input)).toBe('string');
    }
  });
});

describe('timeline: delays', () => {
  it('counts hours, fortnights, quarters and semesters', () => {
    expect(bucket('sous 24 heures', '2026-05-04')).toBe('now');
    expect(bucket('in two fortnights', '2026-05-04', 'en')).toBe('now');
    expect(bucket('dans trois trimestres', '2026-05-04')).toBe('6-12m');
    expect(bucket('within one semester', '2026-05-04', 'en')).toBe('3-6m');
  });

  it('reads approximate counts, "the next N months" and "N or M" after the unit', () => {
    expect(read('dans une vingtaine de jours', '2026-05-04')).toMatchObject({ horizonMonths: 0.7 });
    expect(read('dans les 4 prochains mois', '2026-05-04')).toMatchObject({ horizonMonths: 4 });
    expect(read('in the next 8 weeks', '2026-05-04', 'en')).toMatchObject({ bucket: '1-3m' });
    expect(read('dans un an ou deux', '2026-05-04')).toMatchObject({ horizonMonths: 18 });
    expect(read('dans 6 mois ou 1 an', '2026-05-04')).toMatchObject({ horizonMonths: 6 });
  });
});

describe('timeline: calendar', () => {
  it('reads ISO week numbers', () => {
    expect(bucket('semaine 20', '2026-02-02')).toBe('3-6m'); // 11–17 May 2026
    expect(bucket('W5', '2026-10-05', 'en')).toBe('3-6m'); // next occurrence: 1–7 Feb 2027
    expect(bucket('semaine 99', '2026-02-02')).toBe('not_understood');
  });

  it('takes a part of next month / next quarter', () => {
    expect(bucket('début du mois prochain', '2026-04-20')).toBe('now');
    expect(bucket('fin du mois prochain', '2026-04-20')).toBe('1-3m');
    expect(bucket('late next quarter', '2026-04-20', 'en')).toBe('3-6m');
    expect(bucket("d'ici la fin du semestre", '2026-08-10')).toBe('3-6m');
  });

  it('knows the Christmas holidays, New Year and Thanksgiving', () => {
    expect(bucket('après les vacances de Noël', '2026-10-20')).toBe('1-3m');
    expect(bucket('right after new year', '2026-09-01', 'en')).toBe('3-6m');
    expect(bucket('before thanksgiving', '2027-06-01', 'en')).toBe('3-6m'); // 25 Nov 2027
  });

  it('reads "sometime this year" at the middle of what is left, "this year" as its end', () => {
    expect(read('sometime this year', '2026-04-01', 'en')).toMatchObject({ bucket: '3-6m' });
    expect(read('this year', '2026-04-01', 'en')).toMatchObject({ bucket: '6-12m' });
  });

  it('reads the month "may" alone but not the verb', () => {
    expect(bucket('may', '2026-09-01', 'en')).toBe('6-12m');
    expect(bucket('we may start later', '2026-09-01', 'en')).toBe('not_understood');
  });
});

describe('timeline: answers without a date', () => {
  it('reads being late and "as soon as we can" as now', () => {
    expect(bucket('honnêtement on est en retard', '2026-05-04')).toBe('now');
    expect(bucket('as soon as I can', '2026-05-04', 'en')).toBe('now');
  });

  it('reads every wording of no project or only looking as none', () => {
    expect(bucket('pas encore vraiment de projet', '2026-05-04')).toBe('none');
    expect(bucket('on compare seulement', '2026-05-04')).toBe('none');
    expect(bucket('only looking at options for now', '2026-05-04', 'en')).toBe('none');
  });

  it('reads unsettled dates, deciders and conditions without a date as unknown', () => {
    expect(bucket('pas encore arrêté', '2026-05-04')).toBe('unknown');
    expect(bucket('ça dépendra des résultats', '2026-05-04')).toBe('unknown');
    expect(bucket('mon boss va décider', '2026-05-04')).toBe('unknown');
    expect(bucket('once legal signs off', '2026-05-04', 'en')).toBe('unknown');
    expect(bucket('quand la direction aura validé en juin', '2026-05-04')).toBe('1-3m');
  });
});
