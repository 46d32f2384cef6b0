/**
 * Build step: retrain a shipped NLU model only when its corpora changed. Each model records the
 * hash of the corpora it was trained on, so building an unchanged tree trains nothing and
 * `npm start` on an up-to-date build starts at once. `npm run train:motivation` / `train:timeline`
 * always retrain.
 */
import '../../core/quiet.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusHash, MODEL_PATH } from './qualification/motivation-model.js';
import { motivationTrainingHash } from './qualification/motivation-training.js';
import { readVagueCorpusSources, VAGUE_MODEL_PATH } from './timeline/vague-model.js';
import { answersModelPath, CROSS_CHECKED_SLOTS } from './phrases/cross-check.js';
import { readAnswersCorpusSources } from './labelled-answers.js';

const here = fileURLToPath(import.meta.url);
const extension = here.endsWith('.ts') ? '.ts' : '.js';

const models = [
  { model: MODEL_PATH, trainer: `qualification/train-motivation${extension}`, hash: motivationTrainingHash },
  { model: VAGUE_MODEL_PATH, trainer: `timeline/train-vague${extension}`, hash: () => corpusHash(readVagueCorpusSources()) },
  ...CROSS_CHECKED_SLOTS.map((slot) => ({
    model: answersModelPath(slot), trainer: `phrases/train-cross-check${extension}`, args: [slot], hash: () => corpusHash(readAnswersCorpusSources(slot)),
  })),
];

function trainedOn(model: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(model, 'utf8')) as { corpusHash?: string }).corpusHash;
  } catch {
    return undefined;
  }
}

for (const { model, trainer, hash, args = [] } of models as { model: string; trainer: string; hash: () => string; args?: string[] }[]) {
  if (trainedOn(model) === hash()) continue;
  console.log(`${model} is older than its corpora: retraining`);
  // Same node flags (tsx's loader when run from sources).
  const run = spawnSync(process.execPath, [...process.execArgv, join(dirname(here), trainer), ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
