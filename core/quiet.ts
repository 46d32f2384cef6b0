/**
 * Imported first by the entry points: some dependencies (natural → dotenv) print a banner on
 * import, and restify's http-deceiver trips a Node deprecation warning. Keep logs clean.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';

const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0111') return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
