import { UserError } from '../errors.js';

/**
 * CODEOWNERS as GitHub and GitLab read it, for the four-eyes gate. Anything this parser cannot read
 * exactly as the platform does is refused with a UserError rather than guessed: an owner that drops
 * out silently is a gate that opens silently.
 */
export type CodeownersFlavor = 'github' | 'gitlab';

/** Where a platform looks for the file, in its search order; the first one found is used, the rest ignored. */
export const CODEOWNERS_LOCATIONS: Record<CodeownersFlavor, readonly string[]> = {
  github: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
  gitlab: ['CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'],
};

export interface OwnerRequirement {
  /** The GitLab section as first written; null for GitHub and for GitLab entries before any section. */
  section: string | null;
  /** As written: `@user`, `@org/team` (GitLab `@group/sub/group`, `@@role`) or an email address. */
  owners: string[];
  /** approvals required from these owners (GitLab [Name][N]; 1 otherwise) */
  approvals: number;
  optional: boolean;
}

export interface Codeowners {
  flavor: CodeownersFlavor;
  /**
   * The requirements for one path: GitHub → at most one (last matching line wins; a matching line
   * with no owners means no owner, so none); GitLab → one per section where the path matches (last
   * match within each section wins; sections with the same name are combined; an exclusion `!pattern`
   * that matches takes the path out of its section). Paths are repository-relative without leading slash.
   */
  requirementsFor(path: string): OwnerRequirement[];
}

interface Rule {
  regex: RegExp;
  owners: string[];
  approvals: number;
  exclusion: boolean;
}

interface Section {
  name: string | null;
  optional: boolean;
  /** By GitLab's normalised pattern: a repeated pattern replaces the entry but keeps its place. */
  rules: Map<string, Rule>;
}

type Fail = (reason: string) => never;

export function parseCodeowners(text: string, flavor: CodeownersFlavor, source = 'CODEOWNERS'): Codeowners {
  return flavor === 'github' ? parseGithub(text, source) : parseGitlab(text, source);
}

function parseGithub(text: string, source: string): Codeowners {
  const rules: Rule[] = [];
  forEachLine(text, source, (line, fail) => {
    const { pattern, rest } = splitLine(line);
    // GitHub documents these three gitignore features as not working and skips such lines.
    if (pattern.startsWith('!')) fail(`GitHub does not support "!" negation in CODEOWNERS and skips the line "${line}"; name the paths you mean without "!"`);
    if (pattern.startsWith('\\#')) fail(`GitHub does not support escaping a leading "#" with "\\" in CODEOWNERS and skips the line "${line}"; match the file with a pattern that does not start with "#" (for example "*#name")`);
    if (/^\[|^\^\[/.test(pattern)) fail(`GitHub CODEOWNERS has no sections and does not support "[ ]" character ranges, so it skips the line "${line}"; remove the section header or use the gitlab flavor`);
    const tokens = tokenize(pattern, fail, 'GitHub does not support "[ ]" character ranges in CODEOWNERS and skips the line; write the paths out');
    const owners: string[] = [];
    for (const word of words(rest)) {
      if (word.startsWith('#')) break; // an inline comment
      owners.push(checkOwner(word, GITHUB_OWNER, '@user, @org/team or an email address', fail));
    }
    rules.push({ regex: githubRegex(tokens, pattern, fail), owners: unique(owners), approvals: 1, exclusion: false });
  });
  return {
    flavor: 'github',
    requirementsFor(path) {
      checkPath(path);
      for (let index = rules.length - 1; index >= 0; index--) {
        const rule = rules[index];
        if (!rule.regex.test(path)) continue;
        return rule.owners.length ? [{ section: null, owners: [...rule.owners], approvals: 1, optional: false }] : [];
      }
      return [];
    },
  };
}

function parseGitlab(text: string, source: string): Codeowners {
  const sections: Section[] = [{ name: null, optional: false, rules: new Map() }];
  let current = sections[0];
  let header = { approvals: 1, defaults: [] as string[] };
  forEachLine(text, source, (line, fail) => {
    if (/^\^?\[/.test(line)) {
      const parsed = parseHeader(line, fail);
      const key = parsed.name.toLowerCase();
      const existing = sections.find((section) => section.name?.toLowerCase() === key);
      if (existing) existing.optional &&= parsed.optional; // required once anywhere means required
      else sections.push({ name: parsed.name, optional: parsed.optional, rules: new Map() });
      current = existing ?? sections[sections.length - 1];
      header = parsed;
      return;
    }
    const { pattern: raw, rest } = splitLine(line);
    const exclusion = raw.startsWith('!');
    const pattern = exclusion ? raw.slice(1) : raw;
    if (!pattern) fail(`"${line}" excludes nothing; write !path`);
    const named = words(rest).map((word) => checkOwner(word, GITLAB_OWNER, '@user, @group, @group/subgroup, @@role or an email address (inline comments are not supported)', fail));
    if (exclusion && named.length) fail(`GitLab ignores the owners of the exclusion "${line}"; remove them, an exclusion only takes the path out of its section`);
    const owners = named.length ? named : header.defaults;
    if (!exclusion && !owners.length) fail(`"${pattern}" has no owners and its section has no default owners, so GitLab would not require anyone; add owners to the line or the section header`);
    const regex = fnmatchRegex(tokenize(pattern, fail, 'character classes "[ ]" are not supported here; write the paths out'), fail, pattern);
    current.rules.set(gitlabKey(pattern), { regex, owners: unique(owners), approvals: header.approvals, exclusion });
  });
  return {
    flavor: 'gitlab',
    requirementsFor(path) {
      checkPath(path);
      const rooted = `/${path}`;
      const requirements: OwnerRequirement[] = [];
      for (const section of sections) {
        const matching = [...section.rules.values()].filter((rule) => rule.regex.test(rooted));
        const last = matching[matching.length - 1];
        if (!last || matching.some((rule) => rule.exclusion)) continue;
        requirements.push({ section: section.name, owners: [...last.owners], approvals: last.approvals, optional: section.optional });
      }
      return requirements;
    },
  };
}

/** `[Name]`, `^[Name]`, `[Name][N]`, each optionally followed by default owners. */
function parseHeader(line: string, fail: Fail): { name: string; optional: boolean; approvals: number; defaults: string[] } {
  const match = /^(\^?)\[([^\]]*)\](?:\[([^\]]*)\])?(.*)$/s.exec(line);
  const syntax = 'write [Name], ^[Name] or [Name][N], optionally followed by default owners';
  if (!match || (match[4] && !/^\s/.test(match[4]))) fail(`the section header "${line}" does not parse; ${syntax}`);
  const [, caret, name, count, rest] = match;
  if (!name.trim()) fail(`the section header "${line}" has no name; ${syntax}`);
  if (count !== undefined && !/^[1-9]\d*$/.test(count)) fail(`the approval count in "${line}" must be a whole number of at least 1`);
  if (caret && count !== undefined) fail(`the optional section "${line}" cannot require approvals; drop the ^ or the [${count}]`);
  const defaults = words(rest).map((word) => checkOwner(word, GITLAB_OWNER, '@user, @group, @group/subgroup, @@role or an email address', fail));
  return { name, optional: caret === '^', approvals: count === undefined ? 1 : Number(count), defaults: unique(defaults) };
}

function forEachLine(text: string, source: string, handle: (line: string, fail: Fail) => void): void {
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    handle(line, (reason) => {
      throw new UserError(`${source}:${index + 1}: ${reason}.`);
    });
  });
}

/** The pattern runs to the first whitespace that is not escaped with a backslash; the owners follow. */
function splitLine(line: string): { pattern: string; rest: string } {
  const match = /(?<!\\)\s+/.exec(line);
  return match ? { pattern: line.slice(0, match.index), rest: line.slice(match.index) } : { pattern: line, rest: '' };
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const unique = (items: string[]) => [...new Set(items)];

const EMAIL = /^[^\s@]+@[^\s@/]+\.[^\s@/]+$/;
const GITHUB_OWNER = /^@[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const GITLAB_OWNER = /^(?:@[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*|@@(?:developer|maintainer|owner)s?)$/i;

function checkOwner(word: string, pattern: RegExp, expected: string, fail: Fail): string {
  if (pattern.test(word) || EMAIL.test(word)) return word;
  return fail(`"${word}" is not an owner; write ${expected}`);
}

function checkPath(path: string): void {
  if (!path || path.startsWith('/')) throw new Error(`requirementsFor needs a repository-relative path without a leading slash, not ${JSON.stringify(path)}`);
}

/** A parsed pattern: `/`, `*` and `?` are syntax; everything else (including escaped characters) is literal. */
type Token = '/' | '*' | '?' | { literal: string };

/** A backslash may escape whitespace, `#`, `!` and glob characters only; anything else is refused rather than guessed. */
function tokenize(pattern: string, fail: Fail, noRanges: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !/[\s#!*?[\]]/.test(next)) fail(`"${pattern}" has an unsupported escape "\\${next ?? ''}"; only whitespace, "#", "!", "*", "?", "[" and "]" can be escaped`);
      tokens.push({ literal: next });
      i++;
    } else if (char === '[') fail(`"${pattern}": ${noRanges}`);
    else tokens.push(char === '/' || char === '*' || char === '?' ? char : { literal: char });
  }
  return tokens;
}

function segmentsOf(tokens: Token[], fail: Fail, pattern: string): Token[][] {
  const segments: Token[][] = [[]];
  for (const token of tokens) {
    if (token === '/') segments.push([]);
    else segments[segments.length - 1].push(token);
  }
  if (segments.some((segment) => segment.length === 0)) fail(pattern === '/' ? 'the pattern "/" matches nothing; use * for every file' : `"${pattern}" has an empty path segment ("//")`);
  return segments;
}

const isGlobstar = (segment: Token[]) => segment.length === 2 && segment[0] === '*' && segment[1] === '*';
const isStar = (segment: Token[]) => segment.length === 1 && segment[0] === '*';
/** Within one segment: `*` (and `**` that is not a whole segment) is any run of non-slash characters, `?` one. */
const segmentSource = (segment: Token[]) =>
  segment.map((token) => (token === '*' ? '[^/]*' : token === '?' ? '[^/]' : escapeRegExp((token as { literal: string }).literal))).join('');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Zero or more whole folders. */
const FOLDERS = '(?:[^/]*/)*';

/**
 * GitHub: gitignore rules. A slash at the start or in the middle anchors the pattern to the root,
 * otherwise it matches at any depth; a trailing slash matches only what is inside a folder; `**` as a
 * whole segment crosses folders. A pattern matches a file or everything inside a folder of that name,
 * except that a last segment of just `*` (`docs/*`) matches direct children only, as GitHub documents.
 */
function githubRegex(tokens: Token[], pattern: string, fail: Fail): RegExp {
  const slashes = tokens.flatMap((token, index) => (token === '/' ? [index] : []));
  const folderOnly = tokens.length > 1 && tokens[tokens.length - 1] === '/';
  const anchored = slashes.some((index) => index < tokens.length - 1);
  const body = tokens.slice(tokens[0] === '/' ? 1 : 0, folderOnly ? -1 : undefined);
  const segments = segmentsOf(body, fail, pattern);
  const last = segments[segments.length - 1];
  let source = anchored ? '' : FOLDERS;
  segments.forEach((segment, index) => {
    const final = index === segments.length - 1;
    if (isGlobstar(segment)) source += final ? '.+' : FOLDERS;
    else source += segmentSource(segment) + (final ? '' : '/');
  });
  if (!isGlobstar(last)) source += folderOnly ? '/.+' : isStar(last) ? '' : '(?:/.*)?';
  return new RegExp(`^${source}$`, 'su');
}

/**
 * GitLab: the pattern is normalised as GitLab does (no leading slash → `/**` + `/` + pattern, trailing
 * slash → + `**` + `/*`) and matched against `/` + path like Ruby's File.fnmatch with FNM_PATHNAME and
 * FNM_DOTMATCH: `*` and `?` stay in one segment, and only a whole `**` segment followed by `/` crosses folders.
 */
function fnmatchRegex(tokens: Token[], fail: Fail, pattern: string): RegExp {
  const normalised: Token[] = [...(tokens[0] === '/' ? [] : (['/', '*', '*', '/'] as Token[])), ...tokens, ...(tokens[tokens.length - 1] === '/' ? (['*', '*', '/', '*'] as Token[]) : [])];
  const segments = segmentsOf(normalised.slice(1), fail, pattern);
  let source = '/';
  segments.forEach((segment, index) => {
    const final = index === segments.length - 1;
    source += isGlobstar(segment) && !final ? FOLDERS : segmentSource(segment) + (final ? '' : '/');
  });
  return new RegExp(`^${source}$`, 'su');
}

/** GitLab's own normalisation of a pattern, which is how it recognises a repeated entry within a section. */
function gitlabKey(pattern: string): string {
  const text = pattern.replace(/^\\#/, '#').replace(/\\\s+/g, ' ');
  return `${text.startsWith('/') ? text : `/**/${text}`}${text.endsWith('/') ? '**/*' : ''}`;
}
