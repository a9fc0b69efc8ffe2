/**
 * Globs for resource kinds and JSON pointers: `**` crosses `/`, `*` and `?` stay inside one
 * segment, `{a,b}` is either. Everything else is literal. Matching is case-sensitive and whole-string.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
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

/** One RegExp matching any of the globs; `undefined` for "no condition". */
export function globsToRegExp(globs: readonly string[] | undefined): RegExp | undefined {
  if (!globs?.length) return undefined;
  return new RegExp(globs.map((glob) => globToRegExp(glob).source).join('|'));
}
