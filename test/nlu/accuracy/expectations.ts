/**
 * What each evaluation set must show for each slot: the accuracy floors and the set's own shape. Hold-out floors are the
 * accuracy measured once after tuning on the tune half, minus 3 points: a change that loses more than that on answers
 * nobody tuned for is a regression. Read by the per-slot suites in this folder.
 */
import type { EvalSetName } from '../eval-sets.js';

export const MARGIN = 0.03;

export interface SetExpectation {
  /** Measured once on the hold-out half; the floor is correct/total − MARGIN (exact readings, whatever the confidence). */
  holdout?: { correct: number; total: number };
  /** For the qualifying sets: right (confident and correct) and confidently wrong on the hold-out half, measured once. */
  holdoutOutcomes?: { right: number; wrong: number; total: number };
  /** `eval`: accuracy over the whole set and over its held-out (odd) lines. */
  target?: number;
  /** `eval`: the target applies to the whole set (default) or only to its held-out half as well. */
  targetOnHeldOutToo?: boolean;
  minLines: number | { tune: number; holdout: number };
  /** Smallest number of lines per language in each part (default: both languages present). */
  minPerLocale?: number;
  labels?: readonly string[];
  minReferenceDates?: number;
  /** Texts differ once folded, within the set. */
  uniqueTexts?: boolean;
  /** No hold-out line is also a tune line. */
  disjointParts?: boolean;
  /** No line is also a line of the motivation training corpora. */
  noTrainingCopies?: boolean;
}

const BUCKETS = ['now', '1-3m', '3-6m', '6-12m', '12m+', 'none', 'unknown'];

export const EXPECTATIONS: Record<string, Partial<Record<EvalSetName, SetExpectation>>> = {
  timeline: {
    eval: { target: 0.95, minLines: 150 },
    blind: { holdout: { correct: 69, total: 77 }, minLines: 60 },
    blind2: { holdout: { correct: 171, total: 185 }, minLines: 100, minReferenceDates: 3 },
    blind3: { holdout: { correct: 88, total: 130 }, minLines: { tune: 150, holdout: 120 }, labels: BUCKETS, minReferenceDates: 5, disjointParts: true },
    blind4: { holdout: { correct: 76, total: 81 }, minLines: 80, labels: BUCKETS, minReferenceDates: 5, disjointParts: true },
  },
  budget: {
    eval: { target: 0.95, minLines: 150 },
    blind: { holdout: { correct: 64, total: 64 }, minLines: 60 },
    blind4: { holdout: { correct: 82, total: 82 }, minLines: 80, labels: ['none', 'range', 'amount'], disjointParts: true },
  },
  email: { eval: { target: 1, minLines: 150 }, blind: { holdout: { correct: 62, total: 62 }, minLines: 60 } },
  phone: { eval: { target: 1, minLines: 150 }, blind: { holdout: { correct: 60, total: 61 }, minLines: 60 } },
  name: { eval: { target: 0.9, minLines: 150 }, blind: { holdout: { correct: 57, total: 61 }, minLines: 60 } },
  company: { eval: { target: 0.9, minLines: 150 }, blind: { holdout: { correct: 59, total: 61 }, minLines: 60 } },
  motivation: {
    eval: { target: 0.9, targetOnHeldOutToo: true, minLines: 150, minPerLocale: 51, uniqueTexts: true, noTrainingCopies: true },
    blind: { holdout: { correct: 113, total: 119 }, holdoutOutcomes: { right: 104, wrong: 3, total: 119 }, minLines: 100, minPerLocale: 16, noTrainingCopies: true },
    blind4: {
      holdout: { correct: 96, total: 104 }, holdoutOutcomes: { right: 90, wrong: 4, total: 104 }, minLines: 100, disjointParts: true,
      labels: ['replace', 'growth', 'new-project', 'cost', 'compliance', 'problem', 'curious', 'other'],
    },
    // Lowered from 60/1/64 in round 9: answers that give no motive ("je sais pas", "dunno", a refusal) now read as `other`
    // below 0.5, so the bot asks (as it does for role). This set labels them `other`; blind5–blind8 label them `?`. Measured as
    // aggregates only: reading them confidently as `other` again gives 61 right here and 4 confidently wrong on
    // blind5–blind8's hold-outs; asking gives 55 right, 1 wrong (unchanged) here and none of those 4.
    qualifying: { holdoutOutcomes: { right: 55, wrong: 1, total: 64 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    // Raised from 53/2 after round 9 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind5: { holdoutOutcomes: { right: 57, wrong: 1, total: 60 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    // Raised from 69/3 after round 9 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind6: { holdoutOutcomes: { right: 73, wrong: 1, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // Raised from 72/3 after round 9 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind7: { holdoutOutcomes: { right: 80, wrong: 0, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // Raised from 72/2 after round 9 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind8: { holdoutOutcomes: { right: 73, wrong: 2, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // Raised from 243/8 after round 11 (re-measured on the hold-out half as an aggregate; it was not tuned on): 260 right;
    // 9 confidently wrong were measured, the wrong floor stays at 8 (never lowered).
    // Raised from 260/8/296 after round 12 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 273/7/296 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind9: { holdoutOutcomes: { right: 277, wrong: 6, total: 296 }, minLines: 290, minPerLocale: 140, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
    // First measured with both halves unseen after round 11 (test/nlu/eval-blind10/README.md).
    // Raised from 250/14/288 after round 12 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 254/11/288 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 259/7/288 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 262/7/288 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind10: { holdoutOutcomes: { right: 267, wrong: 7, total: 288 }, minLines: 280, minPerLocale: 140, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
    // First measured with both halves unseen after round 12 (test/nlu/eval-blind11/README.md); not tuned on.
    // Raised from 236/9/269 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 238/9/269 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 240/8/269 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind11: { holdoutOutcomes: { right: 241, wrong: 8, total: 269 }, minLines: 250, minPerLocale: 120, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
    // First measured with both halves unseen after round 13 (test/nlu/eval-blind12/README.md); not tuned on.
    // Raised from 227/5/254 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind12: { holdoutOutcomes: { right: 231, wrong: 5, total: 254 }, minLines: 230, minPerLocale: 110, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
    // First measured with both halves unseen after round 14 (test/nlu/eval-blind13/README.md); not tuned on.
    blind13: { holdoutOutcomes: { right: 231, wrong: 8, total: 257 }, minLines: 250, minPerLocale: 120, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
    // First measured with both halves unseen after the trained readers were added (test/nlu/eval-blind14/README.md); not tuned on.
    blind14: { holdoutOutcomes: { right: 185, wrong: 6, total: 207 }, minLines: 200, minPerLocale: 95, disjointParts: true, uniqueTexts: true, noTrainingCopies: true },
  },
  project: {
    eval: { target: 0.9, targetOnHeldOutToo: true, minLines: 150, minPerLocale: 51, uniqueTexts: true },
    blind: { holdout: { correct: 57, total: 61 }, holdoutOutcomes: { right: 53, wrong: 1, total: 61 }, minLines: 60, minPerLocale: 16 },
    qualifying: { holdoutOutcomes: { right: 61, wrong: 0, total: 63 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    blind5: { holdoutOutcomes: { right: 56, wrong: 2, total: 60 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    // Raised from 61/4 after round 7 (re-measured on the hold-out half, which was not tuned on).
    blind6: { holdoutOutcomes: { right: 63, wrong: 3, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind7: { holdoutOutcomes: { right: 77, wrong: 1, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind8: { holdoutOutcomes: { right: 75, wrong: 3, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen (test/nlu/eval-blind9/README.md).
    // Raised from 291/24/368 after round 11 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 299/20/368 after round 12 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 306/15/368 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 308/15/368 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind9: { holdoutOutcomes: { right: 313, wrong: 13, total: 368 }, minLines: 290, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 11 (test/nlu/eval-blind10/README.md); not tuned on yet.
    // Raised from 292/12/337 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 294/9/337 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 301/9/337 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind10: { holdoutOutcomes: { right: 303, wrong: 9, total: 337 }, minLines: 280, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 12 (test/nlu/eval-blind11/README.md); not tuned on.
    // Raised from 288/11/336 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 296/8/336 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind11: { holdoutOutcomes: { right: 297, wrong: 8, total: 336 }, minLines: 250, minPerLocale: 120, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 13 (test/nlu/eval-blind12/README.md); not tuned on.
    // Raised from 277/4/320 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind12: { holdoutOutcomes: { right: 279, wrong: 3, total: 320 }, minLines: 230, minPerLocale: 110, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 14 (test/nlu/eval-blind13/README.md); not tuned on.
    // Raised from 277/7/303 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind13: { holdoutOutcomes: { right: 278, wrong: 7, total: 303 }, minLines: 300, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after the trained readers were added (test/nlu/eval-blind14/README.md); not tuned on.
    blind14: { holdoutOutcomes: { right: 257, wrong: 6, total: 280 }, minLines: 270, minPerLocale: 130, disjointParts: true, uniqueTexts: true },
  },
  role: {
    eval: { target: 0.9, targetOnHeldOutToo: true, minLines: 150, minPerLocale: 51, uniqueTexts: true },
    blind: { holdout: { correct: 63, total: 67 }, holdoutOutcomes: { right: 60, wrong: 3, total: 67 }, minLines: 60, minPerLocale: 16 },
    qualifying: { holdoutOutcomes: { right: 63, wrong: 0, total: 64 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    blind5: { holdoutOutcomes: { right: 54, wrong: 2, total: 60 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    // Raised from 68/7 after round 7 (re-measured on the hold-out half, which was not tuned on).
    blind6: { holdoutOutcomes: { right: 71, wrong: 4, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind7: { holdoutOutcomes: { right: 71, wrong: 3, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind8: { holdoutOutcomes: { right: 74, wrong: 2, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // Raised from 273/9 after round 12 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    // Raised from 281/8 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    // Raised from 288/7 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    blind9: { holdoutOutcomes: { right: 293, wrong: 5, total: 319 }, minLines: 290, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 11 (test/nlu/eval-blind10/README.md); round 12 tuned on its tune half.
    // Raised from 261/14 after round 12 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    blind10: { holdoutOutcomes: { right: 269, wrong: 9, total: 297 }, minLines: 280, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 12 (test/nlu/eval-blind11/README.md); round 13 tuned on its tune half.
    // Raised from 251/24 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    // Raised from 254/21 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    // Raised from 255/19 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    blind11: { holdoutOutcomes: { right: 260, wrong: 16, total: 297 }, minLines: 250, minPerLocale: 120, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 13 (test/nlu/eval-blind12/README.md); round 14 tuned on its tune half.
    // Raised from 261/17 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    blind12: { holdoutOutcomes: { right: 265, wrong: 16, total: 291 }, minLines: 230, minPerLocale: 110, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 14 (test/nlu/eval-blind13/README.md); not tuned on.
    // Raised from 246/11 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on)
    blind13: { holdoutOutcomes: { right: 247, wrong: 10, total: 284 }, minLines: 280, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after the trained readers were added (test/nlu/eval-blind14/README.md); not tuned on.
    blind14: { holdoutOutcomes: { right: 253, wrong: 5, total: 276 }, minLines: 270, minPerLocale: 130, disjointParts: true, uniqueTexts: true },
  },
  companySize: {
    eval: { target: 0.9, targetOnHeldOutToo: true, minLines: 150, minPerLocale: 51, uniqueTexts: true },
    blind: { holdout: { correct: 62, total: 64 }, minLines: 60, minPerLocale: 16 },
  },
  sector: {
    eval: { target: 0.9, targetOnHeldOutToo: true, minLines: 150, minPerLocale: 51, uniqueTexts: true },
    blind: { holdout: { correct: 52, total: 62 }, holdoutOutcomes: { right: 50, wrong: 5, total: 62 }, minLines: 60, minPerLocale: 16 },
    // Lowered from 64/0/65: trades independent sets label differently (hospitality, accountants) and vague or incidental
    // words are now asked instead of guessed; confidently wrong stayed 0.
    qualifying: { holdoutOutcomes: { right: 61, wrong: 0, total: 65 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    blind5: { holdoutOutcomes: { right: 55, wrong: 3, total: 60 }, minLines: 60, minPerLocale: 30, disjointParts: true },
    blind6: { holdoutOutcomes: { right: 72, wrong: 0, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind7: { holdoutOutcomes: { right: 76, wrong: 0, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    blind8: { holdoutOutcomes: { right: 77, wrong: 0, total: 80 }, minLines: 80, minPerLocale: 40, disjointParts: true, uniqueTexts: true },
    // Raised from 296/3/336 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 302/3/336 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind9: { holdoutOutcomes: { right: 305, wrong: 3, total: 336 }, minLines: 290, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // Raised from 241/9/284 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 241/8/284 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 242/7/284 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind10: { holdoutOutcomes: { right: 245, wrong: 7, total: 284 }, minLines: 280, minPerLocale: 140, disjointParts: true, uniqueTexts: true },
    // Raised from 216/5/261 after round 13 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 224/5/261 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 226/4/261 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind11: { holdoutOutcomes: { right: 227, wrong: 4, total: 261 }, minLines: 250, minPerLocale: 120, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 13 (test/nlu/eval-blind12/README.md); not tuned on.
    // Raised from 197/4/234 after round 14 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    // Raised from 198/3/234 after round 15 (re-measured on the hold-out half as an aggregate; it was not tuned on).
    blind12: { holdoutOutcomes: { right: 200, wrong: 3, total: 234 }, minLines: 230, minPerLocale: 110, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after round 14 (test/nlu/eval-blind13/README.md); not tuned on.
    blind13: { holdoutOutcomes: { right: 201, wrong: 2, total: 215 }, minLines: 210, minPerLocale: 100, disjointParts: true, uniqueTexts: true },
    // First measured with both halves unseen after the trained readers were added (test/nlu/eval-blind14/README.md); not tuned on.
    blind14: { holdoutOutcomes: { right: 150, wrong: 2, total: 166 }, minLines: 160, minPerLocale: 80, disjointParts: true, uniqueTexts: true },
  },
};
