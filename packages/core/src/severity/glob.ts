/**
 * Globs for resource kinds and JSON pointers: `**` crosses `/`, `*` and `?` stay inside one
 * segment, `{a,b}` is either (each a glob, not nested), `{x}` is x as written. Everything else is literal. Matching is case-sensitive and whole-string.
 */
export function globToRegExp(glob: string, options: { pathGlobstar?: boolean } = {}): RegExp {
  return new RegExp(`^${globTokens(glob, options).join('')}$`);
}

/** The glob as RegExp source, one piece per glob character or group. */
function globTokens(glob: string, options: { pathGlobstar?: boolean } = {}): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (options.pathGlobstar && char === '*' && glob[i + 1] === '*' && glob[i + 2] === '/' && (i === 0 || glob[i - 1] === '/')) {
      // File paths: `**/` is zero or more whole folders, so `**/*.md` also matches `README.md`.
      tokens.push('(?:[^/]+/)*');
      i += 2;
    } else if (char === '*' && glob[i + 1] === '*') {
      tokens.push('.*');
      i++;
    } else if (char === '*') tokens.push('[^/]*');
    else if (char === '?') tokens.push('[^/]');
    else if (char === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) tokens.push('\\{');
      else {
        // Each alternative is a glob too: `{aws_iam_*,aws_kms_*}` read as literal text would match nothing.
        // A group without a comma is its text: `{*}` is how a name's own `*`, `?` or `{` is written.
        const alternatives = glob.slice(i + 1, end).split(',');
        tokens.push(alternatives.length === 1 ? escapeRegExp(alternatives[0]) : `(?:${alternatives.map((alternative) => globTokens(alternative, options).join('')).join('|')})`);
        i = end;
      }
    } else tokens.push(escapeRegExp(char));
  }
  return tokens;
}

/**
 * The glob once for each alternative of each `{a,b}` group, that group read as that alternative alone
 * (a `{` in it kept literal, as inside the group): for checks that every alternative can match something.
 */
export function globAlternatives(glob: string): string[] {
  const readings: string[] = [];
  for (let start = glob.indexOf('{'); start >= 0; ) {
    const end = glob.indexOf('}', start);
    if (end < 0) break;
    const alternatives = glob.slice(start + 1, end).split(',');
    if (alternatives.length > 1) for (const alternative of alternatives) readings.push(`${glob.slice(0, start)}${alternative.replaceAll('{', '{{}')}${glob.slice(end + 1)}`);
    start = glob.indexOf('{', end + 1);
  }
  return readings;
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
  if (!pattern) compiledGlobs.set(key, (pattern = anyOfGlobs(globs)));
  return pattern;
}

/**
 * `^shared(?:rest1|rest2|…)$`: the same strings as `^glob1$|^glob2$|…`, but the pieces the globs start
 * with alike (`*\/*[` in `*\/*[/etc/sudoers*]`, `*\/*[/etc/pam.d*]`) are matched once, not once per glob.
 */
function anyOfGlobs(globs: readonly string[]): RegExp {
  const lists = globs.map((glob) => globTokens(glob));
  let shared = 0;
  while (lists.every((tokens) => shared < tokens.length && tokens[shared] === lists[0][shared])) shared++;
  return new RegExp(`^${lists[0].slice(0, shared).join('')}(?:${lists.map((tokens) => tokens.slice(shared).join('')).join('|')})$`);
}
