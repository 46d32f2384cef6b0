/** `*` matches any run of characters; everything else is literal. Used for page paths in triggers. */
export function matchesGlob(path: string, glob: string): boolean {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}/?$`).test(path);
}

export function matchesAny(path: string, globs: readonly string[] | undefined): boolean {
  return (globs ?? []).some((glob) => matchesGlob(path, glob));
}
