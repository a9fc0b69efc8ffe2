import { posix } from 'node:path';
import { DEFAULT_SCHEMA, loadAll, Type } from 'js-yaml';
import { globToRegExp } from '../severity/glob.js';

/** The files of this repository one GitLab CI file brings into the pipeline. */
export interface GitLabCiFiles {
  /** Paths (or globs, as written) of this repository that the pipeline includes or runs as a child pipeline. */
  files: string[];
  /** Includes that may name this repository's files but cannot be resolved here (a variable in the path or project). */
  unresolved: string[];
  /** The file is not YAML this parser reads, so what it includes is unknown. */
  unparseable?: boolean;
}

/** GitLab's own tag (`!reference [.job, script]`), in any node kind: a file using it is still read for its includes. */
const CI_SCHEMA = DEFAULT_SCHEMA.extend((['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type('!reference', { kind })));

/**
 * What a GitLab CI file makes part of the pipeline from this repository: `include:` entries that are
 * a path, `local:`, `project:` naming this project (its `file:`s) or one of this project's own
 * `component:`s (its `templates/` file), and child pipelines' `trigger: include:` in the same forms. Remote, template, component and other projects' files do not
 * live here. `projectPath` is this project's full path; without it `project:` includes are not followed.
 */
export function gitlabCiFiles(ciYaml: string, projectPath?: string): GitLabCiFiles {
  let documents: unknown[];
  try {
    // A file with a `spec:` header is two documents: the header, then the configuration.
    documents = loadAll(ciYaml, undefined, { json: true, schema: CI_SCHEMA });
  } catch {
    return { files: [], unresolved: [], unparseable: true };
  }
  const result: GitLabCiFiles = { files: [], unresolved: [] };
  for (const document of documents.filter(isObject)) {
    const includeLists = [document.include, ...Object.values(document).map((job) => (isObject(job) && isObject(job.trigger) ? job.trigger.include : undefined))];
    for (const include of includeLists) {
      for (const entry of Array.isArray(include) ? include : include === undefined ? [] : [include]) collect(entry, projectPath, result);
    }
  }
  // `/ci/a.yml`, `./ci/a.yml` and `ci/x/../a.yml` are the file the repository lists as `ci/a.yml`.
  return { files: result.files.map((path) => posix.normalize(path.replace(/^\/+/, '')).replace(/^(\.\/)+/, '')), unresolved: result.unresolved };
}

function collect(entry: unknown, projectPath: string | undefined, into: GitLabCiFiles): void {
  const add = (paths: unknown, what: string) => {
    for (const path of Array.isArray(paths) ? paths : [paths]) {
      if (typeof path !== 'string') continue;
      if (path.includes('$')) into.unresolved.push(`${what} ${path}`);
      else into.files.push(path);
    }
  };
  if (typeof entry === 'string') {
    if (!/^https?:/i.test(entry)) add(entry, 'include');
    return;
  }
  if (!isObject(entry)) return;
  if (entry.local !== undefined) add(entry.local, 'include: local:');
  if (typeof entry.project === 'string' && projectPath !== undefined) {
    if (entry.project.includes('$')) into.unresolved.push(`include: project: ${entry.project}`);
    else if (entry.project.replace(/^\/+|\/+$/g, '').toLowerCase() === projectPath.toLowerCase()) add(entry.file, `include: project: ${entry.project} file:`);
  }
  // `component: <host>/<project path>/<name>@<version>`: one of this project's own components runs its templates/.
  const component = typeof entry.component === 'string' ? /^[^/]+\/(.+)\/([^/@]+)@[^/]*$/.exec(entry.component) : null;
  if (component && projectPath !== undefined) {
    if (component[1].includes('$')) into.unresolved.push(`include: component: ${entry.component}`);
    else if (component[1].toLowerCase() === projectPath.toLowerCase()) add([`templates/${component[2]}.yml`, `templates/${component[2]}/template.yml`], 'include: component:');
  }
}

/** Whether an include path is a glob (`ci/*.yml`), which GitLab expands to every file it matches. */
export const isIncludeGlob = (include: string) => /[*?[{]/.test(include);

/**
 * What a glob include can bring in: the folder to list, and a test read widely (`*` across folders,
 * `[…]` as any one character), so that no file GitLab's matching takes is missed.
 */
export function includeGlob(glob: string): { folder: string; matches: (path: string) => boolean } {
  const fixed = glob.slice(0, glob.search(/[*?[{]/));
  const pattern = globToRegExp(glob.replace(/\[[^\]]*\]/g, '?').replace(/\*+/g, '**'));
  return { folder: fixed.includes('/') ? fixed.slice(0, fixed.lastIndexOf('/')) : '', matches: (path) => pattern.test(path) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The project's `ci_config_path` (Settings → CI/CD → CI/CD configuration file) as a path in this
 * repository, or undefined when the file lives elsewhere: another project (`file.yml@group/project[:ref]`)
 * or a URL. Empty means the default `.gitlab-ci.yml`.
 */
export function localCiConfigPath(ciConfigPath: string): string | undefined {
  const path = ciConfigPath.trim() || '.gitlab-ci.yml';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.includes('@')) return undefined;
  return path.replace(/^(\.?\/)+/, '');
}
