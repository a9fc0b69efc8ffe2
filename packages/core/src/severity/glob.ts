/**
 * Globs for resource kinds and JSON pointers: `**` crosses `/`, `*` and `?` stay inside one
 * segment, `{a,b}` is either. Everything else is literal. Matching is case-sensitive and whole-string.
 */
export function globToRegExp(glob: string, options: { pathGlobstar?: boolean } = {}): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (options.pathGlobstar && char === '*' && glob[i + 1] === '*' && glob[i + 2] === '/' && (i === 0 || glob[i - 1] === '/')) {
      // File paths: `**/` is zero or more whole folders, so `**/*.md` also matches `README.md`.
      pattern += '(?:[^/]+/)*';
      i += 2;
    } else if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) pattern += '\\{';
      else {
        pattern += `(?:${glob.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
        i = end;
      }
    } else pattern += escapeRegExp(char);
  }
  return new RegExp(`^${pattern}$`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compiledGlobs = new Map<string, RegExp>();

/**
 * One RegExp matching any of the globs; `undefined` for "no condition". Compiled once per list of
 * globs in a process (every engine judging with the same rules asks for the same ones); the
 * RegExp has no `g` or `y` flag, so sharing it keeps no state between tests.
 */
export function globsToRegExp(globs: readonly string[] | undefined): RegExp | undefined {
  if (!globs?.length) return undefined;
  const key = globs.length === 1 ? `1${globs[0]}` : JSON.stringify(globs);
  let pattern = compiledGlobs.get(key);
  if (!pattern) compiledGlobs.set(key, (pattern = new RegExp(globs.map((glob) => globToRegExp(glob).source).join('|'))));
  return pattern;
}
