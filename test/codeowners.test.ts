import { CODEOWNERS_LOCATIONS, parseCodeowners, UserError, type CodeownersFlavor } from '@gitops-sync/core';

const lines = (...text: string[]) => text.join('\n');
/** The owners of one path, or null when nothing owns it. */
const ownersOf = (text: string, flavor: CodeownersFlavor, path: string) => {
  const requirements = parseCodeowners(text, flavor).requirementsFor(path);
  expect(requirements.length).toBeLessThanOrEqual(flavor === 'github' ? 1 : Infinity);
  return requirements.length ? requirements.map((requirement) => requirement.owners) : null;
};
const github = (text: string, path: string) => ownersOf(text, 'github', path)?.[0] ?? null;
const matches = (flavor: CodeownersFlavor, pattern: string, path: string) => parseCodeowners(`${pattern} @owner`, flavor).requirementsFor(path).length > 0;

describe('CODEOWNERS locations', () => {
  test('GitHub searches .github/, the root, then docs/', () => {
    expect(CODEOWNERS_LOCATIONS.github).toEqual(['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']);
  });

  test('GitLab searches the root, docs/, then .gitlab/', () => {
    expect(CODEOWNERS_LOCATIONS.gitlab).toEqual(['CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS']);
  });
});

describe('GitHub CODEOWNERS', () => {
  // The example file from GitHub's "About code owners", with its inline comment.
  const example = lines(
    '# This is a comment.',
    '',
    '*       @global-owner1 @global-owner2',
    '*.js    @js-owner #This is an inline comment.',
    '*.go docs@example.com',
    '*.txt @octo-org/octocats',
    '/build/logs/ @doctocat',
    'docs/*  docs@example.com',
    'apps/ @octocat',
    '/scripts/ @doctocat @octocat',
    '**/logs @octocat',
    '/apps/ @octocat',
    '/apps/github',
  );

  test.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['some/deeply/nested/file.rb', ['@global-owner1', '@global-owner2']],
    ['src/index.js', ['@js-owner']],
    ['main.go', ['docs@example.com']],
    ['notes/todo.txt', ['@octo-org/octocats']],
    ['build/logs/today/app.log', ['@octocat']], // **/logs comes later than /build/logs/
    ['docs/getting-started.md', ['docs@example.com']],
    ['docs/build-app/troubleshooting.md', ['@global-owner1', '@global-owner2']],
    ['services/apps/web/main.rb', ['@octocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['deeply/nested/logs/x.md', ['@octocat']],
    ['apps/web/main.rb', ['@octocat']],
  ])('the documented example: %s is owned by %j', (path, owners) => {
    expect(github(example, path)).toEqual(owners);
  });

  test('a matching line with no owners makes the path unowned, even under an owned folder', () => {
    expect(github(example, 'apps/github/index.js')).toBeNull();
    expect(github(example, 'apps/github')).toBeNull();
    expect(github(example, 'apps/githubber/index.js')).toEqual(['@octocat']);
    expect(github(lines('/apps/ @octocat', '/apps/github @doctocat'), 'apps/github/index.js')).toEqual(['@doctocat']);
  });

  test('the last matching line wins, whatever its specificity', () => {
    expect(github(lines('*.js @js-owner', '* @everyone'), 'src/index.js')).toEqual(['@everyone']);
    expect(github(lines('* @everyone', '*.js @js-owner'), 'src/index.js')).toEqual(['@js-owner']);
    expect(github(lines('/src/ @a', '/src/deep/ @b', '/src/ @c'), 'src/deep/x.ts')).toEqual(['@c']);
  });

  test('a path no line matches has no requirement', () => {
    expect(parseCodeowners('/src/ @a', 'github').requirementsFor('docs/a.md')).toEqual([]);
  });

  test('the requirement is one approval, not optional, in no section', () => {
    expect(parseCodeowners('* @a @org/team @a', 'github').requirementsFor('x')).toEqual([{ section: null, owners: ['@a', '@org/team'], approvals: 1, optional: false }]);
  });

  test('a pattern without a slash matches a file or a folder at any depth', () => {
    expect(matches('github', '*.js', 'a.js')).toBe(true);
    expect(matches('github', '*.js', 'a/b/c.js')).toBe(true);
    expect(matches('github', '*.js', 'a.jsx')).toBe(false);
    expect(matches('github', '*.js', 'ajs')).toBe(false);
    expect(matches('github', 'docs', 'docs')).toBe(true);
    expect(matches('github', 'docs', 'docs/a.md')).toBe(true);
    expect(matches('github', 'docs', 'src/docs/deep/a.md')).toBe(true);
    expect(matches('github', 'docs', 'docsite/a.md')).toBe(false);
    expect(matches('github', 'docs', 'src/mydocs')).toBe(false);
  });

  test('a leading slash anchors to the root', () => {
    expect(matches('github', '/docs/', 'docs/a/b.md')).toBe(true);
    expect(matches('github', '/docs/', 'src/docs/a.md')).toBe(false);
    expect(matches('github', '/Makefile', 'Makefile')).toBe(true);
    expect(matches('github', '/Makefile', 'src/Makefile')).toBe(false);
  });

  test('a slash in the middle anchors to the root as well', () => {
    expect(matches('github', 'internal/README.md', 'internal/README.md')).toBe(true);
    expect(matches('github', 'internal/README.md', 'docs/internal/README.md')).toBe(false);
    expect(matches('github', 'docs/*', 'src/docs/a.md')).toBe(false);
  });

  test('a trailing slash matches what is inside a folder of that name, at any depth', () => {
    expect(matches('github', 'apps/', 'apps/a.js')).toBe(true);
    expect(matches('github', 'apps/', 'x/y/apps/z/a.js')).toBe(true);
    expect(matches('github', 'apps/', 'apps')).toBe(false);
    expect(matches('github', 'apps/', 'apps-old/a.js')).toBe(false);
    expect(matches('github', 'apps/', 'myapps/a.js')).toBe(false);
  });

  test('docs/* matches direct children only', () => {
    expect(matches('github', 'docs/*', 'docs/getting-started.md')).toBe(true);
    expect(matches('github', 'docs/*', 'docs/build-app/troubleshooting.md')).toBe(false);
    expect(matches('github', '/*', 'README.md')).toBe(true);
    expect(matches('github', '/*', 'src/index.ts')).toBe(false);
  });

  test('* stays within a folder and ** crosses folders', () => {
    expect(matches('github', '/src/*.ts', 'src/a.ts')).toBe(true);
    expect(matches('github', '/src/*.ts', 'src/sub/a.ts')).toBe(false);
    expect(matches('github', '/src/**/*.ts', 'src/a.ts')).toBe(true);
    expect(matches('github', '/src/**/*.ts', 'src/sub/deeper/a.ts')).toBe(true);
    expect(matches('github', '/src/**/*.ts', 'lib/src/a.ts')).toBe(false);
    expect(matches('github', '/src/**', 'src/a/b/c')).toBe(true);
    expect(matches('github', '/src/**', 'src')).toBe(false);
    expect(matches('github', '/src/**', 'lib/src/a')).toBe(false);
    expect(matches('github', '**/logs', 'logs/a')).toBe(true);
    expect(matches('github', '**/logs', 'a/b/logs/c/d')).toBe(true);
    expect(matches('github', '**/logs', 'a/blogs/c')).toBe(false);
  });

  test('? is one character other than a slash', () => {
    expect(matches('github', '/v?.txt', 'v1.txt')).toBe(true);
    expect(matches('github', '/v?.txt', 'v10.txt')).toBe(false);
    expect(matches('github', '/a?b', 'a/b')).toBe(false);
  });

  test('paths are compared case-sensitively and regular-expression characters are literal', () => {
    expect(matches('github', '/Docs/', 'docs/a.md')).toBe(false);
    expect(matches('github', '/a+b.txt', 'a+b.txt')).toBe(true);
    expect(matches('github', '/a+b.txt', 'aab.txt')).toBe(false);
    expect(matches('github', '/(x)|y', 'y')).toBe(false);
    expect(matches('github', '/(x)|y', '(x)|y')).toBe(true);
  });

  test('a backslash escapes a space in a pattern', () => {
    const text = 'path\\ with\\ spaces/ @space-owner';
    expect(github(text, 'path with spaces/a.md')).toEqual(['@space-owner']);
    expect(github(text, 'path/a.md')).toBeNull();
  });

  test.each([
    ['!/apps/ @octocat', /^CODEOWNERS:2: GitHub does not support "!" negation/],
    ['/src/[ab].ts @octocat', /^CODEOWNERS:2: "\/src\/\[ab\]\.ts": GitHub does not support "\[ \]" character ranges/],
    ['[Docs] @octocat', /^CODEOWNERS:2: GitHub CODEOWNERS has no sections/],
    ['\\#notes.md @octocat', /^CODEOWNERS:2: GitHub does not support escaping a leading "#"/],
    ['/src/ octocat', /^CODEOWNERS:2: "octocat" is not an owner; write @user, @org\/team or an email address\.$/],
    ['/src/ @org/team/nested', /^CODEOWNERS:2: "@org\/team\/nested" is not an owner/],
    ['/src/ @octocat@', /^CODEOWNERS:2: "@octocat@" is not an owner/],
    ['/ @octocat', /^CODEOWNERS:2: the pattern "\/" matches nothing/],
    ['/src//a @octocat', /^CODEOWNERS:2: "\/src\/\/a" has an empty path segment/],
    ['/src\\a @octocat', /^CODEOWNERS:2: "\/src\\a" has an unsupported escape/],
  ])('a line the parser cannot read exactly is refused with its line: %s', (line, message) => {
    const parse = () => parseCodeowners(lines('* @everyone', line), 'github');
    expect(parse).toThrow(UserError);
    expect(parse).toThrow(message);
  });

  test('the error names the source it was given', () => {
    expect(() => parseCodeowners('\n\n!x @a', 'github', '.github/CODEOWNERS at the base commit')).toThrow(/^\.github\/CODEOWNERS at the base commit:3: /);
  });
});

describe('GitLab CODEOWNERS', () => {
  const gitlab = (text: string, path: string) => parseCodeowners(text, 'gitlab').requirementsFor(path);

  test('a pattern without a leading slash matches at any depth, even with a slash in the middle', () => {
    expect(matches('gitlab', 'README.md', 'README.md')).toBe(true);
    expect(matches('gitlab', 'README.md', 'app/lib/README.md')).toBe(true);
    expect(matches('gitlab', 'internal/README.md', 'internal/README.md')).toBe(true);
    expect(matches('gitlab', 'internal/README.md', 'docs/api/internal/README.md')).toBe(true);
    expect(matches('gitlab', 'internal/README.md', 'docs/myinternal/README.md')).toBe(false);
    expect(matches('gitlab', 'docs/*', 'src/docs/a.md')).toBe(true);
  });

  test('a leading slash anchors to the root', () => {
    expect(matches('gitlab', '/README.md', 'README.md')).toBe(true);
    expect(matches('gitlab', '/README.md', 'docs/README.md')).toBe(false);
    expect(matches('gitlab', '/docs/README.md', 'docs/README.md')).toBe(true);
  });

  test('only a trailing slash matches what is inside a folder; without it a pattern names a file', () => {
    expect(matches('gitlab', '/docs/', 'docs/a.md')).toBe(true);
    expect(matches('gitlab', '/docs/', 'docs/a/b/c.md')).toBe(true);
    expect(matches('gitlab', '/docs/', 'src/docs/a.md')).toBe(false);
    expect(matches('gitlab', 'docs/', 'src/docs/a/b.md')).toBe(true);
    expect(matches('gitlab', '/docs', 'docs')).toBe(true);
    expect(matches('gitlab', '/docs', 'docs/a.md')).toBe(false);
    expect(matches('gitlab', 'docs', 'src/docs/a.md')).toBe(false);
  });

  test('* matches every file, dotfiles included', () => {
    expect(matches('gitlab', '*', 'README.md')).toBe(true);
    expect(matches('gitlab', '*', 'a/.b/c')).toBe(true);
    expect(matches('gitlab', '*', '.gitignore')).toBe(true);
  });

  test('* stays within a folder; ** crosses folders only as a whole segment followed by a slash', () => {
    expect(matches('gitlab', '/docs/*', 'docs/index.md')).toBe(true);
    expect(matches('gitlab', '/docs/*', 'docs/projects/index.md')).toBe(false);
    expect(matches('gitlab', '/docs/*.md', 'docs/a.md')).toBe(true);
    expect(matches('gitlab', '/docs/*.md', 'docs/a/b.md')).toBe(false);
    expect(matches('gitlab', '/docs/*/README.md', 'docs/api/README.md')).toBe(true);
    expect(matches('gitlab', '/docs/*/README.md', 'docs/api/v1/README.md')).toBe(false);
    expect(matches('gitlab', '/docs/**/index.md', 'docs/index.md')).toBe(true);
    expect(matches('gitlab', '/docs/**/index.md', 'docs/api/graphql/index.md')).toBe(true);
    expect(matches('gitlab', '**/*.rb', 'app/controllers/users/stars_controller.rb')).toBe(true);
    // File.fnmatch with FNM_PATHNAME: a trailing ** is a plain *, one level deep.
    expect(matches('gitlab', '/docs/**', 'docs/a.md')).toBe(true);
    expect(matches('gitlab', '/docs/**', 'docs/a/b.md')).toBe(false);
  });

  test('? is one character other than a slash; paths are case-sensitive', () => {
    expect(matches('gitlab', '/v?.txt', 'v1.txt')).toBe(true);
    expect(matches('gitlab', '/v?.txt', 'v10.txt')).toBe(false);
    expect(matches('gitlab', '/Docs/', 'docs/a.md')).toBe(false);
  });

  test('escaped # and spaces are literal', () => {
    expect(matches('gitlab', '\\#file_with_pound.rb', 'lib/#file_with_pound.rb')).toBe(true);
    expect(matches('gitlab', 'path\\ with\\ spaces/', 'path with spaces/a.md')).toBe(true);
    expect(matches('gitlab', 'path\\ with\\ spaces/', 'path/a.md')).toBe(false);
  });

  test('entries before any section form an unnamed section, and each section is evaluated separately (documented example)', () => {
    const text = lines('* @admin', '', '[README Owners]', 'README.md @user1 @user2', 'internal/README.md @user4', '', '[README other owners]', 'README.md @user3');
    expect(gitlab(text, 'README.md')).toEqual([
      { section: null, owners: ['@admin'], approvals: 1, optional: false },
      { section: 'README Owners', owners: ['@user1', '@user2'], approvals: 1, optional: false },
      { section: 'README other owners', owners: ['@user3'], approvals: 1, optional: false },
    ]);
    expect(gitlab(text, 'internal/README.md').map((requirement) => requirement.owners)).toEqual([['@admin'], ['@user4'], ['@user3']]);
    expect(gitlab(text, 'src/main.rb')).toEqual([{ section: null, owners: ['@admin'], approvals: 1, optional: false }]);
  });

  test('the last match within a section wins', () => {
    const text = lines('[Code]', '*.md @writers', 'terms.md @legal', '/terms.md @editors');
    expect(gitlab(text, 'terms.md').map((requirement) => requirement.owners)).toEqual([['@editors']]);
    expect(gitlab(text, 'legal/terms.md').map((requirement) => requirement.owners)).toEqual([['@legal']]);
    expect(gitlab(text, 'guide.md').map((requirement) => requirement.owners)).toEqual([['@writers']]);
    expect(gitlab(lines('*.md @doc-team', 'terms.md @legal-team'), 'terms.md').map((requirement) => requirement.owners)).toEqual([['@legal-team']]);
  });

  test('a repeated pattern within a section replaces the earlier entry in its place, as GitLab keys entries by pattern', () => {
    const text = lines('* @first', '*.md @docs', '* @second');
    expect(gitlab(text, 'README.md').map((requirement) => requirement.owners)).toEqual([['@docs']]);
    expect(gitlab(text, 'main.rb').map((requirement) => requirement.owners)).toEqual([['@second']]);
  });

  test('[Name][N] requires N approvals; other sections require one', () => {
    const text = lines('[Documentation][2]', '*.md @tech-writer-team', '[Ruby]', '*.rb @dev-team');
    expect(gitlab(text, 'README.md')).toEqual([{ section: 'Documentation', owners: ['@tech-writer-team'], approvals: 2, optional: false }]);
    expect(gitlab(text, 'app.rb')).toEqual([{ section: 'Ruby', owners: ['@dev-team'], approvals: 1, optional: false }]);
  });

  test('^[Name] is optional, unless the same section is also written without ^', () => {
    expect(gitlab(lines('^[Go]', '*.go @root'), 'main.go')).toEqual([{ section: 'Go', owners: ['@root'], approvals: 1, optional: true }]);
    expect(gitlab(lines('^[Go]', '*.go @root', '[go]', 'go.mod @root'), 'main.go')).toEqual([{ section: 'Go', owners: ['@root'], approvals: 1, optional: false }]);
    expect(gitlab(lines('^[Go]', '*.go @root', '^[GO]', 'go.mod @root'), 'main.go')[0].optional).toBe(true);
  });

  test('default owners on the header apply to entries without owners; owners on the entry override them', () => {
    const text = lines('[Documentation][2] @docs-team', 'docs/', 'README.md', '', '^[Database] @database-team @agarcia', 'model/db/', 'config/db/database-setup.md @docs-team');
    expect(gitlab(text, 'docs/guide.md')).toEqual([{ section: 'Documentation', owners: ['@docs-team'], approvals: 2, optional: false }]);
    expect(gitlab(text, 'model/db/schema.rb')).toEqual([{ section: 'Database', owners: ['@database-team', '@agarcia'], approvals: 1, optional: true }]);
    expect(gitlab(text, 'config/db/database-setup.md')).toEqual([{ section: 'Database', owners: ['@docs-team'], approvals: 1, optional: true }]);
    expect(gitlab(text, 'model/db/README.md')).toEqual([
      { section: 'Documentation', owners: ['@docs-team'], approvals: 2, optional: false },
      { section: 'Database', owners: ['@database-team', '@agarcia'], approvals: 1, optional: true },
    ]);
  });

  test('entries without sections are not overridden by sections', () => {
    const text = lines('* @general-approvers', '[Documentation] @docs-team', 'docs/', 'README.md', '*.txt', '[Database] @database-team', 'model/db/');
    expect(gitlab(text, 'model/db/CHANGELOG.txt').map((requirement) => [requirement.section, requirement.owners])).toEqual([
      [null, ['@general-approvers']],
      ['Documentation', ['@docs-team']],
      ['Database', ['@database-team']],
    ]);
  });

  test('section names are case-insensitive and duplicate sections are combined under the first spelling', () => {
    const text = lines('[Documentation]', 'ee/docs/ @docs', 'docs/ @docs', '[Database]', 'README.md @database', '[DOCUMENTATION]', 'README.md @docs');
    expect(gitlab(text, 'README.md')).toEqual([
      { section: 'Documentation', owners: ['@docs'], approvals: 1, optional: false },
      { section: 'Database', owners: ['@database'], approvals: 1, optional: false },
    ]);
    expect(gitlab(lines('[Docs]', '*.md @a', '[docs]', 'guide.md @b'), 'guide.md')).toEqual([{ section: 'Docs', owners: ['@b'], approvals: 1, optional: false }]);
  });

  test('default owners belong to the header they are written on, also in a combined section', () => {
    const text = lines('[Docs] @first', 'a.md', '[docs] @second', 'b.md');
    expect(gitlab(text, 'a.md').map((requirement) => requirement.owners)).toEqual([['@first']]);
    expect(gitlab(text, 'b.md').map((requirement) => requirement.owners)).toEqual([['@second']]);
  });

  test('an exclusion takes a matching path out of its own section only, wherever it stands', () => {
    const text = lines('* @username', '!pom.xml', '[Ruby]', '*.rb @ruby-team', '!/config/**/*.rb', '/config/routes.rb @ops', '[Config]', '/config/ @ops-team');
    expect(gitlab(text, 'pom.xml')).toEqual([]);
    expect(gitlab(text, 'app/pom.xml')).toEqual([]);
    expect(gitlab(text, 'app/models/user.rb').map((requirement) => requirement.section)).toEqual([null, 'Ruby']);
    expect(gitlab(text, 'config/routes.rb').map((requirement) => [requirement.section, requirement.owners])).toEqual([
      [null, ['@username']],
      ['Config', ['@ops-team']],
    ]);
  });

  test('owners may be users, nested groups, roles and email addresses', () => {
    expect(gitlab('* @user @group/with-nested/subgroup @@maintainer janedoe@gitlab.com', 'x')[0].owners).toEqual(['@user', '@group/with-nested/subgroup', '@@maintainer', 'janedoe@gitlab.com']);
  });

  test.each([
    ['[Section name', /^CODEOWNERS:2: the section header "\[Section name" does not parse/],
    ['[Docs]x @a', /^CODEOWNERS:2: the section header "\[Docs\]x @a" does not parse/],
    ['[abc].md @a', /^CODEOWNERS:2: the section header "\[abc\]\.md @a" does not parse/],
    ['[ ] @a', /^CODEOWNERS:2: the section header "\[ \] @a" has no name/],
    ['[Docs][0]', /^CODEOWNERS:2: the approval count in "\[Docs\]\[0\]" must be a whole number of at least 1\.$/],
    ['[Docs][two]', /^CODEOWNERS:2: the approval count/],
    ['^[Docs][2]', /^CODEOWNERS:2: the optional section "\^\[Docs\]\[2\]" cannot require approvals/],
    ['[Docs] docs-team', /^CODEOWNERS:2: "docs-team" is not an owner/],
    ['/path/* @group user_without_at_symbol', /^CODEOWNERS:2: "user_without_at_symbol" is not an owner/],
    ['/docs/ @docs # the writers', /^CODEOWNERS:2: "#" is not an owner/],
    ['/docs/', /^CODEOWNERS:2: "\/docs\/" has no owners and its section has no default owners/],
    ['!pom.xml @someone', /^CODEOWNERS:2: GitLab ignores the owners of the exclusion "!pom\.xml @someone"/],
    ['/src/[ab].rb @a', /^CODEOWNERS:2: "\/src\/\[ab\]\.rb": character classes "\[ \]" are not supported here/],
    ['/src\\x.rb @a', /^CODEOWNERS:2: "\/src\\x\.rb" has an unsupported escape/],
  ])('a malformed line is refused with its line: %s', (line, message) => {
    const parse = () => parseCodeowners(lines('* @everyone', line), 'gitlab');
    expect(parse).toThrow(UserError);
    expect(parse).toThrow(message);
  });

  test('an entry without owners is fine when its section has default owners', () => {
    expect(() => parseCodeowners(lines('[Docs] @docs', '/docs/'), 'gitlab')).not.toThrow();
  });
});

describe('GitHub and GitLab read the same pattern differently', () => {
  test.each([
    ['internal/README.md', 'docs/internal/README.md', false, true],
    ['/docs', 'docs/a.md', true, false],
    ['docs', 'src/docs/a.md', true, false],
    ['docs/*', 'src/docs/a.md', false, true],
    ['/docs/**', 'docs/a/b.md', true, false],
  ])('%s against %s: GitHub %s, GitLab %s', (pattern, path, onGithub, onGitlab) => {
    expect(matches('github', pattern, path)).toBe(onGithub);
    expect(matches('gitlab', pattern, path)).toBe(onGitlab);
  });

  test('paths are taken as they are: a newline or a non-ASCII character in a name is matched like any other character', () => {
    for (const flavor of ['github', 'gitlab'] as const) {
      expect(matches(flavor, '/src/', 'src/a\nb/c.ts')).toBe(true);
      expect(matches(flavor, '*.ts', 'src/a\nb.ts')).toBe(true);
      expect(matches(flavor, '/v?.txt', 'v\u00e9.txt')).toBe(true);
      expect(matches(flavor, '/v?.txt', 'v\u{1F600}.txt')).toBe(true);
      expect(matches(flavor, '/src/', 'SRC/a.ts')).toBe(false);
    }
  });

  test('a path with a leading slash is a programming error, not an unowned path', () => {
    expect(() => parseCodeowners('* @a', 'github').requirementsFor('/docs/a.md')).toThrow(/leading slash/);
    expect(() => parseCodeowners('* @a', 'gitlab').requirementsFor('')).toThrow(/leading slash/);
  });
});
