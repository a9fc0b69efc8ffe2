/**
 * Every example in the README runs as pasted. What is checked, block by block:
 * - a ```yaml GitHub workflow (it has `jobs:`) parses, is a whole workflow (on, jobs, runs-on, steps),
 *   each `uses: org/gitops-sync/<x>@v1|<sha>` names an action of this repository, every `with:` key is
 *   an input it declares and every required input is given; `${{ steps.<id>.outputs.<o> }}` names a step
 *   of the same job that declares (action) or writes (run: … >> $GITHUB_OUTPUT) that output;
 *   `${{ inputs.<x> }}` a workflow_dispatch input, `${{ matrix.<x> }}` a matrix key of the job.
 * - a ```yaml GitLab block (it has `include:`) names components of gitlab-components/templates at an
 *   exact version, with only declared inputs, every required one, and values their `options`/`regex` allow.
 * - any other ```yaml block is a gitops-sync.yaml and must load (the config schema, as `gitops-sync` loads it).
 * - a ```sh block's `gitops-sync …` (and `npx @org/gitops-sync@<version> …`) commands run through the real
 *   CLI in an empty folder without tokens: they must not be refused as a usage mistake (unknown command,
 *   unknown flag, missing flag value, a value out of a flag's set). Commands that name files under
 *   examples/ run for real from the repository root and must succeed (exit 0 or 2). `npm run <x>` must
 *   name a script of package.json; installs of @org/gitops-sync must name an exact version.
 * Not checked: commands of other tools (terraform, kubectl, apt-get…), that a workflow does what its
 * comment says, the JSON and plain blocks.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { runCli } from '@gitops-sync/cli/main';
import { loadRulesFile } from '../packages/engine/src/rules.js';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './support/paths.js';

interface Block {
  lang: string;
  text: string;
  line: number;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    blocks.push({ lang: match[1], text: match[2], line: markdown.slice(0, match.index).split('\n').length });
  }
  return blocks;
}

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const blocks = codeBlocks(README);
const where = (block: Block) => `README.md:${block.line}`;

// ---------- GitHub workflows ----------

interface ActionSpec {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
}

function actionSpec(name: string): ActionSpec | undefined {
  const file = [join(REPO_ROOT, name, 'action.yml'), join(REPO_ROOT, 'actions', name, 'action.yml')].find((path) => existsSync(path));
  if (!file) return undefined;
  const action = parse(readFileSync(file, 'utf8')) as Partial<ActionSpec>;
  return { inputs: action.inputs ?? {}, outputs: action.outputs ?? {} };
}

/** Every string in a value, walked recursively (expressions can sit anywhere in a job). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMapping(value)) return Object.values(value).flatMap(strings);
  return [];
}

const expressions = (value: unknown) => strings(value).flatMap((text) => [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((match) => match[1]));

export function checkWorkflow(text: string): string[] {
  let workflow: unknown;
  try {
    workflow = parse(text);
  } catch (error) {
    return [`does not parse: ${(error as Error).message.split('\n')[0]}`];
  }
  if (!isMapping(workflow) || !workflow.on || !isMapping(workflow.jobs)) return ['is not a whole workflow (it needs on: and jobs:)'];
  const problems: string[] = [];
  const dispatchInputs = isMapping(workflow.on) && isMapping(workflow.on.workflow_dispatch) && isMapping(workflow.on.workflow_dispatch.inputs) ? Object.keys(workflow.on.workflow_dispatch.inputs) : [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    if (!isMapping(job) || !job['runs-on'] || !Array.isArray(job.steps)) {
      problems.push(`job ${jobName} needs runs-on: and steps:`);
      continue;
    }
    const steps = job.steps.filter(isMapping);
    const matrix = isMapping(job.strategy) && isMapping(job.strategy.matrix) ? Object.keys(job.strategy.matrix) : [];
    for (const step of steps) {
      const uses = typeof step.uses === 'string' ? step.uses : '';
      if (!uses.startsWith('org/gitops-sync/')) continue;
      const named = /^org\/gitops-sync\/([a-z-]+)@(v1|[0-9a-f]{40})$/.exec(uses);
      if (!named) {
        problems.push(`${jobName}: uses: ${uses} is not org/gitops-sync/<action>@v1 (or a full commit SHA)`);
        continue;
      }
      const spec = actionSpec(named[1]);
      if (!spec) {
        problems.push(`${jobName}: uses: ${uses} names no action of this repository (no ${named[1]}/action.yml)`);
        continue;
      }
      const given = isMapping(step.with) ? Object.keys(step.with) : [];
      for (const key of given) if (!(key in spec.inputs)) problems.push(`${jobName}: ${named[1]} has no input ${key}`);
      for (const [key, input] of Object.entries(spec.inputs)) if (input.required && !given.includes(key)) problems.push(`${jobName}: ${named[1]} needs its input ${key}`);
    }
    // `if:` is an expression with or without ${{ }}.
    const conditions = [job.if, ...steps.map((step) => step.if)].filter((condition): condition is string => typeof condition === 'string');
    for (const expression of [...expressions(job), ...conditions]) {
      for (const [, id, output] of expression.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const step = steps.find((candidate) => candidate.id === id);
        if (!step) problems.push(`${jobName}: steps.${id} names no step of the job`);
        else if (typeof step.uses === 'string' && step.uses.startsWith('org/gitops-sync/')) {
          const spec = actionSpec(/^org\/gitops-sync\/([a-z-]+)/.exec(step.uses)![1]);
          if (spec && !(output in spec.outputs)) problems.push(`${jobName}: step ${id} (${step.uses}) has no output ${output}`);
        } else if (typeof step.run === 'string') {
          if (!step.run.includes(`${output}=`) || !step.run.includes('GITHUB_OUTPUT')) problems.push(`${jobName}: step ${id} does not write ${output} to $GITHUB_OUTPUT`);
        } else problems.push(`${jobName}: the check cannot tell whether step ${id} (${String(step.uses)}) has an output ${output}`);
      }
      for (const [, name] of expression.matchAll(/\binputs\.([\w-]+)/g)) if (!dispatchInputs.includes(name)) problems.push(`${jobName}: inputs.${name} is not a workflow_dispatch input`);
      for (const [, name] of expression.matchAll(/\bmatrix\.([\w-]+)/g)) if (!matrix.includes(name)) problems.push(`${jobName}: matrix.${name} is not in the job's strategy.matrix`);
    }
  }
  return problems;
}

// ---------- GitLab includes ----------

interface ComponentInput {
  type?: string;
  default?: unknown;
  options?: unknown[];
  regex?: string;
}

function componentInputs(name: string): Record<string, ComponentInput> | undefined {
  const file = join(REPO_ROOT, 'gitlab-components', 'templates', `${name}.yml`);
  if (!existsSync(file)) return undefined;
  const [header] = parseAllDocuments(readFileSync(file, 'utf8'));
  return ((header.toJS() as { spec?: { inputs?: Record<string, ComponentInput> } }).spec?.inputs ?? {}) as Record<string, ComponentInput>;
}

function checkInputValue(name: string, key: string, value: unknown, input: ComponentInput): string[] {
  const type = input.type ?? 'string';
  if (type === 'boolean' && typeof value !== 'boolean') return [`${name}: ${key} is a boolean, got ${JSON.stringify(value)}`];
  if (type === 'array' && !Array.isArray(value)) return [`${name}: ${key} is an array, got ${JSON.stringify(value)}`];
  if (type === 'string' && typeof value !== 'string') return [`${name}: ${key} is a string, got ${JSON.stringify(value)}`];
  if (input.options && !input.options.includes(value)) return [`${name}: ${key} must be one of ${input.options.map((option) => JSON.stringify(option)).join(', ')}, got ${JSON.stringify(value)}`];
  // GitLab checks a regex before variables expand, so a value with a variable is left to the job.
  if (input.regex && typeof value === 'string' && !value.includes('$') && !new RegExp(input.regex).test(value)) return [`${name}: ${key} ${JSON.stringify(value)} does not match ${input.regex}`];
  return [];
}

export function checkGitlabInclude(text: string): string[] {
  let pipeline: unknown;
  try {
    pipeline = parse(text);
  } catch (error) {
    return [`does not parse: ${(error as Error).message.split('\n')[0]}`];
  }
  const include = isMapping(pipeline) ? pipeline.include : undefined;
  if (!Array.isArray(include)) return ['include: is not a list'];
  const problems: string[] = [];
  for (const entry of include) {
    if (!isMapping(entry) || typeof entry.component !== 'string') continue;
    const named = /^\$CI_SERVER_FQDN\/org\/gitops-sync-components\/([a-z-]+)@(\d+\.\d+\.\d+)$/.exec(entry.component);
    if (!named) {
      problems.push(`component ${entry.component} is not $CI_SERVER_FQDN/org/gitops-sync-components/<name>@<exact version>`);
      continue;
    }
    const [, name] = named;
    const inputs = componentInputs(name);
    if (!inputs) {
      problems.push(`${name} is not a component in gitlab-components/templates`);
      continue;
    }
    const given = isMapping(entry.inputs) ? entry.inputs : {};
    for (const [key, value] of Object.entries(given)) {
      if (!(key in inputs)) problems.push(`${name} has no input ${key}`);
      else problems.push(...checkInputValue(name, key, value, inputs[key]));
    }
    for (const [key, input] of Object.entries(inputs)) if (!('default' in input) && !(key in given)) problems.push(`${name} needs its input ${key}`);
  }
  return problems;
}

// ---------- gitops-sync.yaml ----------

export function checkConfig(text: string, label: string): string[] {
  try {
    parseConfig(text, label);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const yamlKind = (text: string): 'workflow' | 'gitlab' | 'rules' | 'config' => {
  const value = (() => {
    try {
      return parse(text) as unknown;
    } catch {
      return undefined;
    }
  })();
  if (isMapping(value) && 'jobs' in value) return 'workflow';
  if (isMapping(value) && 'include' in value) return 'gitlab';
  if (isMapping(value) && Object.keys(value).join() === 'rules') return 'rules';
  if (/uses:\s*org\/gitops-sync\//.test(text)) return 'workflow';
  return 'config';
};

// ---------- command lines ----------

/** Words of one shell command, honouring quotes (enough for the README's lines; no expansions). */
function words(command: string): string[] {
  const result: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of command) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) result.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) result.push(word);
  return result;
}

/** The simple commands of a block: continuation lines joined, comments dropped, split on && || ; |. */
export function commands(block: string): string[][] {
  const joined = block.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(/&&|\|\||;|\|/))
    .map((command) => words(command.trim()))
    .filter((command) => command.length > 0);
}

const USAGE_MISTAKE =
  /Unknown option|argument missing|does not take an argument|is not a gitops-sync command|--help` for the usage|is not a known source|is not a format|must be (one of|text or json|off, always|a whole number|a full commit)|is not allowed; use one of|needs one of|needs --env|(takes|needs) (one|an) environment/;

const sandbox = mkdtempSync(join(tmpdir(), 'gitops-sync-readme-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

async function runGitopsSync(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    exec: { run: () => Promise.reject(new Error('the README check runs no tools')) },
    // No tokens, no CI variables: nothing can reach an API.
    env: { PATH: process.env.PATH, HOME: sandbox },
    cwd,
  });
  return { code, stdout, stderr };
}

const PACKAGE_SCRIPTS = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const EXACT_PACKAGE = /^@org\/gitops-sync@\d+\.\d+\.\d+$/;

/** The problems with one command line; gitops-sync's arguments are handed to the real CLI. */
export async function checkCommand(command: string[]): Promise<string[]> {
  const words = [...command];
  const problems: string[] = [];
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const value = words.shift()!.replace(/^[^=]*=/, '');
    if (value.startsWith('gitops-sync ')) problems.push(...(await checkCommand(value.split(' '))));
  }
  if (problems.length) return problems;
  const [program, ...args] = words;
  if (program === 'npm' && args[0] === 'run') return PACKAGE_SCRIPTS.includes(args[1]) ? [] : [`npm run ${args[1]}: package.json has no script ${args[1]}`];
  if (program === 'npm' && ['i', 'install'].includes(args[0])) {
    const packages = args.filter((arg) => arg.startsWith('@org/'));
    return packages.filter((name) => !EXACT_PACKAGE.test(name)).map((name) => `npm ${args[0]} ${name}: name an exact version (@org/gitops-sync@1.2.3)`);
  }
  let cliArgs: string[];
  if (program === 'gitops-sync') cliArgs = args;
  else if (program === 'npx' && args[0]?.startsWith('@org/')) {
    if (!EXACT_PACKAGE.test(args[0])) return [`npx ${args[0]}: name an exact version (@org/gitops-sync@1.2.3)`];
    cliArgs = args.slice(1);
  } else return [];
  const placeholders = cliArgs.filter((arg) => /^[[<]/.test(arg));
  if (placeholders.length) return [`gitops-sync ${cliArgs.join(' ')}: ${placeholders.join(' ')} does not run as pasted; write the flag out and say in a comment that it is optional`];
  const onExamples = cliArgs.some((arg) => arg.startsWith('examples/'));
  const { code, stderr } = await runGitopsSync(cliArgs, onExamples ? REPO_ROOT : sandbox);
  const line = `gitops-sync ${cliArgs.join(' ')}`;
  if (USAGE_MISTAKE.test(stderr)) return [`${line}: refused as a usage mistake: ${stderr.trim()}`];
  if (onExamples && code === 1) return [`${line}: fails on examples/ (exit 1): ${stderr.trim()}`];
  return [];
}

// ---------- the README ----------

describe('every example in the README runs as pasted', () => {
  const yamlBlocks = blocks.filter((block) => block.lang === 'yaml');
  const shellBlocks = blocks.filter((block) => block.lang === 'sh' || block.lang === 'bash');

  test('the README has the examples this test checks', () => {
    const kinds = yamlBlocks.map((block) => yamlKind(block.text));
    expect(kinds.filter((kind) => kind === 'workflow').length).toBeGreaterThanOrEqual(5);
    expect(kinds.filter((kind) => kind === 'gitlab').length).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((kind) => kind === 'config').length).toBeGreaterThanOrEqual(5);
    expect(shellBlocks.length).toBeGreaterThanOrEqual(4);
  });

  test('each GitHub workflow is whole and uses only actions, inputs and outputs that exist', () => {
    const problems = yamlBlocks.filter((block) => yamlKind(block.text) === 'workflow').flatMap((block) => checkWorkflow(block.text).map((problem) => `${where(block)}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test('each GitLab include names a component of gitlab-components/templates at an exact version, with its declared inputs', () => {
    const problems = yamlBlocks.filter((block) => yamlKind(block.text) === 'gitlab').flatMap((block) => checkGitlabInclude(block.text).map((problem) => `${where(block)}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test('each gitops-sync.yaml loads as gitops-sync loads it', () => {
    const problems = yamlBlocks.filter((block) => yamlKind(block.text) === 'config').flatMap((block) => checkConfig(block.text, where(block)));
    expect(problems).toEqual([]);
  });

  test('each --rules file loads as analyze --rules loads it', () => {
    const files = yamlBlocks.filter((block) => yamlKind(block.text) === 'rules');
    expect(files.length).toBeGreaterThanOrEqual(1);
    const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-readme-rules-'));
    try {
      const problems = files.flatMap((block) => {
        const path = join(dir, 'rules.yaml');
        writeFileSync(path, block.text);
        try {
          loadRulesFile(path);
          return [];
        } catch (error) {
          return [`${where(block)}: ${(error as Error).message}`];
        }
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('each command line uses commands and flags the CLI accepts, and those on examples/ succeed', async () => {
    const problems: string[] = [];
    for (const block of shellBlocks) for (const command of commands(block.text)) problems.push(...(await checkCommand(command)).map((problem) => `${where(block)}: ${problem}`));
    expect(problems).toEqual([]);
  });
});

// ---------- the checks themselves catch a wrong example ----------

describe('the README checks catch a wrong example', () => {
  const workflow = (step: string) =>
    `on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n${step}\n      - run: echo "\${{ steps.drift.outputs.critical }}"\n`;

  test('a workflow with an unknown action, input or output, or a missing required input', () => {
    expect(checkWorkflow(workflow('      - id: drift\n        uses: org/gitops-sync/drift-detect@v1\n        with: { environment: production }'))).toEqual([]);
    expect(checkWorkflow(workflow('      - id: drift\n        uses: org/gitops-sync/drift-detect@v1\n        with: { enviroment: production }'))).toEqual(['check: drift-detect has no input enviroment']);
    expect(checkWorkflow(workflow('      - id: drift\n        uses: org/gitops-sync/drift-check@v1'))).toEqual(['check: uses: org/gitops-sync/drift-check@v1 names no action of this repository (no drift-check/action.yml)']);
    expect(checkWorkflow(workflow('      - id: drift\n        uses: org/gitops-sync/gate@v1'))).toEqual(['check: gate needs its input environment', 'check: step drift (org/gitops-sync/gate@v1) has no output critical']);
    expect(checkWorkflow(workflow('      - id: drift\n        uses: org/gitops-sync/drift-detect@main'))).toEqual(['check: uses: org/gitops-sync/drift-detect@main is not org/gitops-sync/<action>@v1 (or a full commit SHA)']);
    expect(checkWorkflow('jobs:\n  gate:\n    runs-on: ubuntu-latest\n    steps: []\n')).toEqual(['is not a whole workflow (it needs on: and jobs:)']);
  });

  test('a GitLab include with an unknown component or input, a floating version, or a value out of its options', () => {
    const include = (line: string) => `include:\n  - component: ${line}\n`;
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/gate@1.2.3\n    inputs: { environment: production }'))).toEqual([]);
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/gate@1.2.3'))).toEqual(['gate needs its input environment']);
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/gate@1\n    inputs: { environment: production }'))).toEqual([
      'component $CI_SERVER_FQDN/org/gitops-sync-components/gate@1 is not $CI_SERVER_FQDN/org/gitops-sync-components/<name>@<exact version>',
    ]);
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/drift-detect@1.2.3\n    inputs: { fail-on: high }'))).toEqual(['drift-detect has no input fail-on']);
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/drift-detect@1.2.3\n    inputs: { fail_on: medium }'))).toEqual(['drift-detect: fail_on must be one of "", "never", "drift", "high", "critical", got "medium"']);
    expect(checkGitlabInclude(include('$CI_SERVER_FQDN/org/gitops-sync-components/audit@1.2.3'))).toEqual(['audit is not a component in gitlab-components/templates']);
  });

  test('a gitops-sync.yaml with an unknown key', () => {
    expect(checkConfig('environments:\n  production:\n    terraform: { dir: infra }\n', 'x.yaml')).toEqual([]);
    expect(checkConfig('environments:\n  production:\n    terraform: { dir: infra, workspce: prod }\n', 'x.yaml')[0]).toMatch(/^x\.yaml:3: .*unknown key "workspce"/);
  });

  test('a command line with an unknown command, flag or value, or a floating package version', async () => {
    expect(await checkCommand(['gitops-sync', 'drift', 'production', '--dry-run'])).toEqual([]);
    expect((await checkCommand(['gitops-sync', 'drift', 'production', '--dry-runn']))[0]).toMatch(/refused as a usage mistake: .*Unknown option '--dry-runn'/);
    expect((await checkCommand(['gitops-sync', 'drfit', 'production']))[0]).toMatch(/refused as a usage mistake: .*"drfit" is not a gitops-sync command/);
    expect((await checkCommand(['gitops-sync', 'analyze', '--source', 'terraform', '--input', 'plan.json']))[0]).toMatch(/is not a known source/);
    expect((await checkCommand(['gitops-sync', 'analyze', '--input']))[0]).toMatch(/argument missing/);
    expect(await checkCommand(['npx', '@org/gitops-sync@1', 'drift', 'production'])).toEqual(['npx @org/gitops-sync@1: name an exact version (@org/gitops-sync@1.2.3)']);
    expect(await checkCommand(['gitops-sync', 'rollback', 'production', '--mode', 'git', '[--dry-run]'])).toEqual([
      'gitops-sync rollback production --mode git [--dry-run]: [--dry-run] does not run as pasted; write the flag out and say in a comment that it is optional',
    ]);
    expect(await checkCommand(['npm', 'run', 'no-such-script'])).toEqual(['npm run no-such-script: package.json has no script no-such-script']);
    expect((await checkCommand(['gitops-sync', 'analyze', '--input', 'examples/demo/no-such-plan.json']))[0]).toMatch(/fails on examples\/ \(exit 1\)/);
  });

  test('the command splitter keeps quoted words and drops comments', () => {
    expect(commands('npm ci && npm run demo     # the demo\nKUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff" kubectl diff -f k8s/\n')).toEqual([
      ['npm', 'ci'],
      ['npm', 'run', 'demo'],
      ['KUBECTL_EXTERNAL_DIFF=gitops-sync kubectl-external-diff', 'kubectl', 'diff', '-f', 'k8s/'],
    ]);
  });
});
