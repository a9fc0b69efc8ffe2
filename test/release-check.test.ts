import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/paths.js';

const SCRIPT = join(REPO_ROOT, 'scripts/release-check.mjs');

const CHANGELOG = `# Changelog

## [Unreleased]

- Something not released yet.

## [1.3.0-rc.1] - 2026-12-01

- A release candidate.

## [1.2.3] - 2026-11-30

### Fixed

- The gate counts only human approvals.

## [1.2.2] - 2026-11-01

- Older.

## [1.2.4]

[Unreleased]: https://github.com/org/gitops-sync/compare/v1.2.3...HEAD
[1.2.3]: https://github.com/org/gitops-sync/releases/tag/v1.2.3
`;

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gitops-sync-release-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function releaseCheck(version: string, args: string[], changelog = CHANGELOG) {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: '@org/gitops-sync', version }));
  writeFileSync(join(work, 'CHANGELOG.md'), changelog);
  writeFileSync(join(work, 'outputs'), '');
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_OUTPUT: join(work, 'outputs') },
  });
  const outputs = Object.fromEntries(
    readFileSync(join(work, 'outputs'), 'utf8').split('\n').filter(Boolean).map((line) => line.split('=') as [string, string]),
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs };
}

describe('release check (scripts/release-check.mjs)', () => {
  test('a tag matching package.json with a CHANGELOG section passes, writes that section as the notes and moves the major tag', () => {
    const run = releaseCheck('1.2.3', ['v1.2.3', '--notes-file', join(work, 'notes.md'), '--released-tags', 'v1.2.2 v1.3.0-rc.1 v1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(work, 'notes.md'), 'utf8')).toBe('### Fixed\n\n- The gate counts only human approvals.\n');
    expect(run.outputs).toEqual({ version: '1.2.3', prerelease: 'false', 'npm-tag': 'latest', 'major-tag': 'v1', 'move-major-tag': 'true' });
    expect(run.stdout).toContain('v1 moves to v1.2.3.');
  });

  test('the notes of the last section stop before the link definitions', () => {
    const changelog = '# Changelog\n\n## [2.0.0] - 2026-12-04\n\n- Breaking.\n\n[2.0.0]: https://github.com/org/gitops-sync/releases/tag/v2.0.0\n';
    const run = releaseCheck('2.0.0', ['v2.0.0', '--notes-file', join(work, 'notes.md')], changelog);
    expect(run.code).toBe(0);
    expect(readFileSync(join(work, 'notes.md'), 'utf8')).toBe('- Breaking.\n');
  });

  test("the repository's own tag for its package.json version passes with its CHANGELOG.md", () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const run = spawnSync(process.execPath, [SCRIPT, `v${version}`, '--notes-file', join(work, 'notes.md')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(work, 'notes.md'), 'utf8')).toMatch(/^\S/);
  });

  test('a prerelease tag is published under npm tag next and does not move the major tag', () => {
    const run = releaseCheck('1.3.0-rc.1', ['v1.3.0-rc.1', '--released-tags', 'v1.2.3']);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ prerelease: 'true', 'npm-tag': 'next', 'major-tag': 'v1', 'move-major-tag': 'false' });
    expect(run.stdout).toContain('v1 stays where it is: v1.3.0-rc.1 is a prerelease.');
  });

  test('a patch of an older minor does not move the major tag back from a newer release', () => {
    const run = releaseCheck('1.2.3', ['v1.2.3', '--released-tags', 'v1.2.2 v1.4.0 v2.0.0']);
    expect(run.code).toBe(0);
    expect(run.outputs['move-major-tag']).toBe('false');
    expect(run.stdout).toContain('v1 stays where it is: v1.4.0 is a newer release.');
  });

  test('a tag that does not match the version in package.json is refused in one sentence', () => {
    const run = releaseCheck('1.2.3', ['v1.2.4']);
    expect(run).toMatchObject({ code: 1, stdout: '', outputs: {} });
    expect(run.stderr).toBe(
      'The tag v1.2.4 does not match the version 1.2.3 in package.json: set the version to 1.2.4 (npm version 1.2.4 --no-git-tag-version), commit, and tag that commit.\n',
    );
  });

  test.each(['v1.2', '1.2.3', 'v1.2.3.4', 'v01.2.3', 'release-1.2.3', 'v1'])('the tag %s, which is not v + a semantic version, is refused', (tag) => {
    const run = releaseCheck('1.2.3', [tag]);
    expect(run).toMatchObject({ code: 1, stdout: '', outputs: {} });
    expect(run.stderr).toBe(
      `The tag "${tag}" is not a release tag: release tags are v followed by a semantic version, like v1.2.3 or v1.3.0-rc.1.\n`,
    );
  });

  test('a version without a CHANGELOG.md section is refused in one sentence', () => {
    const run = releaseCheck('1.2.5', ['v1.2.5']);
    expect(run).toMatchObject({ code: 1, stdout: '', outputs: {} });
    expect(run.stderr).toBe(
      'CHANGELOG.md has no section for 1.2.5: add "## [1.2.5] - YYYY-MM-DD" with the release\'s changes (moved from [Unreleased]).\n',
    );
  });

  test('an empty CHANGELOG.md section is refused in one sentence', () => {
    const run = releaseCheck('1.2.4', ['v1.2.4']);
    expect(run).toMatchObject({ code: 1, outputs: {} });
    expect(run.stderr).toBe("The CHANGELOG.md section for 1.2.4 is empty: list the release's changes under it.\n");
  });

  test('no tag, or an unknown option, is refused with the usage', () => {
    expect(releaseCheck('1.2.3', []).stderr).toBe('Give exactly one tag: run node scripts/release-check.mjs vX.Y.Z with the tag being released.\n');
    const run = releaseCheck('1.2.3', ['v1.2.3', '--force']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^The release check takes a tag, --notes-file FILE and --released-tags "TAGS" only: run node scripts\/release-check\.mjs vX\.Y\.Z with the tag being released\.\n$/);
  });
});

describe('the release workflow (.github/workflows/release.yml)', () => {
  const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8'));
  const run = (job: string) => workflow.jobs[job].steps.map((step: { run?: string }) => step.run ?? '').join('\n');

  test('runs on release tags only, and each job gets only the permissions it needs', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+*'] } });
    expect(workflow.permissions).toEqual({});
    const permissions = Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]: [string, any]) => [name, job.permissions]));
    expect(permissions).toEqual({
      check: { contents: 'read' },
      publish: { contents: 'read', 'id-token': 'write' },
      'github-release': { contents: 'write' },
      'major-tag': { contents: 'write' },
    });
  });

  test('checks the tag and runs CI in full before publishing with provenance; the release notes come from the check', () => {
    expect(run('check')).toContain('node scripts/release-check.mjs "$GITHUB_REF_NAME" --notes-file release-notes.md');
    expect(run('check')).toContain('sudo bash .ci/run');
    expect(workflow.jobs.publish.needs).toBe('check');
    expect(run('publish')).toContain('npm publish --provenance --access public --tag "$NPM_TAG" --ignore-scripts');
    expect(run('publish')).not.toContain('npm ci');
    expect(run('github-release')).toContain('--notes-file release-notes.md');
  });

  test('force-pushes only the major tag, and only when the check says it moves', () => {
    expect(workflow.jobs['major-tag'].if).toBe("needs.check.outputs.move-major-tag == 'true'");
    const forced = Object.keys(workflow.jobs).filter((job) => /--force|\s-f\s|\+refs/.test(run(job)));
    expect(forced).toEqual(['major-tag']);
    expect(run('major-tag')).toContain('git push --force origin "refs/tags/$MAJOR_TAG:refs/tags/$MAJOR_TAG"');
  });
});
