// Checks a release tag before anything is published, and says what the release workflow does with it:
//   node scripts/release-check.mjs v1.2.3 [--notes-file FILE] [--released-tags "v1.2.2 v1.3.0 …"]
// Run from the repository root: it reads package.json and CHANGELOG.md there. The tag must be v + the
// package.json version, and CHANGELOG.md must have a non-empty section for that version; its text is
// written to --notes-file (the GitHub release notes). With GITHUB_OUTPUT set it writes version, npm-tag,
// prerelease, major-tag and move-major-tag for the next jobs.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// semver.org's regular expression, with the leading v of a release tag.
const RELEASE_TAG =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const USAGE = 'run node scripts/release-check.mjs vX.Y.Z with the tag being released';

class ReleaseError extends Error {}

function parseTag(tag) {
  const match = RELEASE_TAG.exec(tag);
  if (!match) {
    throw new ReleaseError(
      `The tag ${JSON.stringify(tag)} is not a release tag: release tags are v followed by a semantic version, like v1.2.3 or v1.3.0-rc.1.`,
    );
  }
  const [, major, minor, patch, prerelease] = match;
  return { version: tag.slice(1), core: [major, minor, patch].map(Number), prerelease: prerelease !== undefined };
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ReleaseError(`${file} cannot be read in ${process.cwd()}: run the release check from the repository root.`);
  }
}

/** The text under `## [version]` in a Keep a Changelog file, up to the next section or the link definitions. */
function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[?${version.replace(/[.+]/g, '\\$&')}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]:\s/.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
}

/** Whether a stable release moves the major tag: not when a newer release of the same major exists. */
function newerReleaseOfMajor(release, releasedTags) {
  const newer = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return releasedTags
    .map((tag) => RELEASE_TAG.exec(tag) && parseTag(tag))
    .filter((other) => other && !other.prerelease && other.core[0] === release.core[0] && newer(other.core, release.core) > 0)
    .sort((a, b) => newer(b.core, a.core))[0];
}

function check(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'notes-file': { type: 'string' }, 'released-tags': { type: 'string', default: '' } },
    });
  } catch {
    throw new ReleaseError(`The release check takes a tag, --notes-file FILE and --released-tags "TAGS" only: ${USAGE}.`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new ReleaseError(`Give exactly one tag: ${USAGE}.`);
  const tag = positionals[0];
  const release = parseTag(tag);

  let packageVersion;
  try {
    packageVersion = JSON.parse(readText('package.json')).version;
  } catch (error) {
    if (error instanceof ReleaseError) throw error;
    throw new ReleaseError('package.json is not valid JSON: fix it before releasing.');
  }
  if (packageVersion !== release.version) {
    throw new ReleaseError(
      `The tag ${tag} does not match the version ${packageVersion} in package.json: set the version to ${release.version} (npm version ${release.version} --no-git-tag-version), commit, and tag that commit.`,
    );
  }

  const notes = releaseNotes(readText('CHANGELOG.md'), release.version);
  if (notes === undefined) {
    throw new ReleaseError(
      `CHANGELOG.md has no section for ${release.version}: add "## [${release.version}] - YYYY-MM-DD" with the release's changes (moved from [Unreleased]).`,
    );
  }
  if (notes === '') throw new ReleaseError(`The CHANGELOG.md section for ${release.version} is empty: list the release's changes under it.`);

  const majorTag = `v${release.core[0]}`;
  const newer = release.prerelease ? undefined : newerReleaseOfMajor(release, values['released-tags'].split(/\s+/).filter(Boolean));
  const moveMajorTag = !release.prerelease && !newer;
  const outputs = {
    version: release.version,
    prerelease: String(release.prerelease),
    // npm refuses to publish a prerelease without a dist-tag; `next` keeps `latest` on the last stable release.
    'npm-tag': release.prerelease ? 'next' : 'latest',
    'major-tag': majorTag,
    'move-major-tag': String(moveMajorTag),
  };

  if (values['notes-file']) writeFileSync(values['notes-file'], `${notes}\n`);
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(''));
  }
  console.log(`${tag} matches package.json and has a CHANGELOG.md section (${notes.split('\n').length} lines of release notes).`);
  console.log(`npm dist-tag: ${outputs['npm-tag']}.`);
  if (release.prerelease) console.log(`${majorTag} stays where it is: ${tag} is a prerelease.`);
  else if (newer) console.log(`${majorTag} stays where it is: v${newer.version} is a newer release.`);
  else console.log(`${majorTag} moves to ${tag}.`);
}

try {
  check(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ReleaseError)) throw error;
  console.error(error.message);
  process.exit(1);
}
