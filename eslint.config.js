import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which part of the code may import which (docs/architecture.md draws it). Every relative import
 * that leaves a part must land in one the part lists; test/ and bench/ may import anything.
 * The composition root (bot/app.ts, bot/main.ts, bot/cli/) wires everything together.
 */
const PARTS = {
  core: [],
  data: ['core'],
  'dialogs/engine': ['core'],
  'dialogs/testing': ['core', 'dialogs/engine'],
  'bot/nlu': ['core'],
  bot: ['core', 'dialogs/engine', 'bot/nlu'],
  adapters: ['core', 'bot', 'bot/nlu'],
};
const COMPOSITION = ['bot/app.ts', 'bot/main.ts', 'bot/cli/**', 'bot/edited-files/**'];
const EVERY_PART = [...Object.keys(PARTS), ...COMPOSITION.map((glob) => glob.replace(/\/\*\*$|\.ts$/, ''))];

/**
 * Only the channels speak Bot Framework (botbuilder-js is archived), and the bot's turn plumbing
 * that still runs on its TurnContext; the NLU, scoring, lead lifecycle and dialog engine never do.
 */
const BOTBUILDER_ALLOWED = ['adapters/**', 'bot/qualifier-bot.ts', 'bot/turn/**'];
const botbuilderBan = {
  group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
  message: 'Only adapters/ and the turn plumbing (bot/qualifier-bot.ts, bot/turn/) may depend on botbuilder (docs/architecture.md).',
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const isInside = (inner, outer) => inner === outer || inner.startsWith(`${outer}/`);
const message = (part, target) => `${part} must not import ${target} (${part} may import: ${PARTS[part].join(', ') || 'nothing of ours'}; see docs/architecture.md).`;

/**
 * no-restricted-imports sees import strings, not resolved paths, so the rule is spelt per depth:
 * from `bot/x/y.ts` (depth 3) `../../../data/…` reaches the top-level `data` and `../../app.js`
 * reaches `bot/app`. A part inside another (bot/nlu in bot) may not reach its parent's other files.
 */
function forbiddenImports(part, depth) {
  const segments = part.split('/');
  const dots = (up) => (up === 0 ? '\\./' : `(\\.\\./){${up}}`);
  const patterns = [];
  for (const target of EVERY_PART) {
    if (isInside(part, target) && target !== part) {
      // The parent: anything reached by climbing out of the part, except the way back into it.
      const up = depth - target.split('/').length;
      const back = segments.slice(target.split('/').length).join('/');
      patterns.push({ regex: `^${dots(up)}(?!${escape(back)}/)[^.]`, message: message(part, target) });
      continue;
    }
    if (target === part || PARTS[part].includes(target)) continue;
    for (let up = 0; up <= depth; up++) {
      const prefix = segments.slice(0, depth - up).join('/');
      if (depth - up > segments.length || (prefix && !target.startsWith(`${prefix}/`))) continue;
      const rest = prefix ? target.slice(prefix.length + 1) : target;
      patterns.push({ regex: `^${dots(up)}${escape(rest)}(/|\\.js$)`, message: message(part, target) });
    }
  }
  return patterns;
}

function directionRules() {
  const blocks = [];
  // Deeper parts last: in flat config the last matching block's rule wins.
  for (const part of Object.keys(PARTS).sort((a, b) => a.split('/').length - b.split('/').length)) {
    const partDepth = part.split('/').length;
    for (let depth = partDepth; depth <= partDepth + 4; depth++) {
      const files = `${part}/${'*/'.repeat(depth - partDepth)}*.ts`;
      const patterns = forbiddenImports(part, depth);
      blocks.push(
        { files: [files], ignores: COMPOSITION, rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, botbuilderBan] }] } },
        { files: BOTBUILDER_ALLOWED.map((allowed) => [files, allowed]), ignores: COMPOSITION, rules: { 'no-restricted-imports': ['error', { patterns }] } },
      );
    }
  }
  blocks.push({ files: COMPOSITION, rules: { 'no-restricted-imports': ['error', { patterns: [botbuilderBan] }] } });
  return blocks;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-results/**', 'adapters/web/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...directionRules(),
  { files: ['adapters/web/widget/**'], languageOptions: { globals: { window: 'readonly', document: 'readonly' } } },
  { files: ['adapters/console/client/**'], languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly' } } },
  // Plain Node scripts that run before anything is compiled.
  { files: ['tools/**/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
);
