/**
 * attack44: the recent changes (approval-policy typo check, parseYamlWith's issue choice, mkdirKeptOutOfGit,
 * klog lines left out of a failure's sentence) attacked as a hostile pull request, a sloppy config or a
 * noisy tool would (helper-118). The tests under "holes" failed before their mends: the edit distance is
 * computed near the diagonal only, the typo check takes no prefix and no digits-only difference for a typo,
 * a did-you-mean pairs only keys spelt alike, kubectlSaid leaves klog lines out.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '../packages/core/src/config/parse.js';
import { mkdirKeptOutOfGit } from '../packages/engine/src/files.js';
import { lastLines } from '../packages/engine/src/tool-output.js';
import { kubectlSaid } from '../packages/engine/src/sync/sync-kubernetes.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const messageOf = (text: string): string => {
  try {
    parseConfig(text, 'gitops-sync.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

const tf = (dir: string) => `    terraform:\n      dir: ${dir}\n`;

describe('approval.environments typo check: holes', () => {
  test('60 environments and 60 approval-only names of ~100 characters parse in well under 2 s (each pair got a full edit distance)', () => {
    const count = 60;
    let text = 'environments:\n';
    for (let i = 0; i < count; i++) text += `  e${'x'.repeat(90)}${String(i).padStart(5, '0')}: {terraform: {dir: a}}\n`;
    text += 'approval:\n  environments:\n';
    for (let i = 0; i < count; i++) text += `    ${'y'.repeat(95)}${String(i).padStart(5, '0')}: {}\n`;
    const started = Date.now();
    expect(messageOf(text)).toBe('parsed');
    // Outside Jest (tsx): 400 × 400 such names took 14.6 s against 0.17 s with the approval names equal to the environments'
    // (no closest call); it grows with the square, so a 1 MB config (the cap) a pull request's drift-detect loads takes tens of minutes.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('an approval-only name that is a whole word of several environments ("prod" beside prod-eu, prod-us) is not called a typo', () => {
    // closest's prefix rule is for completing a flag being typed; "prod" is three edits from prod-eu and is the gate's --environment prod.
    const text = `environments:\n  prod-eu:\n${tf('eu')}  prod-us:\n${tf('us')}approval:\n  environments:\n    prod:\n      required_approvals: 2\n`;
    expect(messageOf(text)).toBe('parsed');
  });

  test('a numbered sibling only the CI names (eu-2 beside eu-1) is not called a typo of it', () => {
    const text = `environments:\n  eu-1:\n${tf('eu1')}approval:\n  environments:\n    eu-2:\n      required_approvals: 2\n`;
    expect(messageOf(text)).toBe('parsed');
  });
});

describe('approval.environments typo check: withstood', () => {
  test('stagng beside staging is refused at its line, naming staging', () => {
    const text = `environments:\n  staging:\n${tf('s')}approval:\n  environments:\n    stagng:\n      required_approvals: 0\n`;
    expect(messageOf(text)).toMatch(/^gitops-sync\.yaml:7: approval\.environments\.stagng: .*rename it to staging/);
  });

  test('an approval-only config (no environments) with any names still parses', () => {
    expect(messageOf('approval:\n  environments:\n    stagng:\n      required_approvals: 1\n    production:\n      production: true\n      required_approvals: 2\n')).toBe('parsed');
  });

  test('a name far from every environment still parses (production beside dev, staging)', () => {
    const text = `environments:\n  dev:\n${tf('d')}  staging:\n${tf('s')}approval:\n  environments:\n    production:\n      production: true\n      required_approvals: 2\n`;
    expect(messageOf(text)).toBe('parsed');
  });

  test('staging beside Staging is refused: the gate looks the policy up by the exact name, so it would apply to nothing', () => {
    const text = `environments:\n  Staging:\n${tf('s')}approval:\n  environments:\n    staging:\n      required_approvals: 2\n`;
    expect(messageOf(text)).toMatch(/approval\.environments\.staging: .*rename it to Staging/);
  });

  test('a policy under an alias still gets the alias sentence, not the typo one', () => {
    const text = `environments:\n  prod:\n    aliases: [prd]\n${tf('p')}approval:\n  environments:\n    prod:\n      required_approvals: 1\n    prd:\n      required_approvals: 0\n`;
    expect(messageOf(text)).toMatch(/"prd" is an alias of environment prod/);
  });

  test('dotted names: an exact dotted environment parses, a near dotted one is refused', () => {
    const exact = `environments:\n  eu.prod:\n${tf('p')}approval:\n  environments:\n    eu.prod:\n      required_approvals: 1\n`;
    expect(messageOf(exact)).toBe('parsed');
    expect(messageOf(exact.replace('    eu.prod:\n      required', '    eu.prdo:\n      required'))).toMatch(/approval\.environments\.eu\.prdo: .*rename it to eu\.prod/);
  });
});

describe("parseYamlWith's issue choice: holes", () => {
  test('an unknown "password" beside the one missing key "host" is not offered as "did you mean host" (renaming it would make the SMTP password the host name)', () => {
    const message = messageOf('monitoring:\n  notifications:\n    email:\n      from: a@example.com\n      to: [a@example.com]\n      password: hunter2-value\n');
    expect(message).toMatch(/unknown key "password"/);
    expect(message).not.toMatch(/did you mean "host"/);
  });
});

describe("parseYamlWith's issue choice: withstood", () => {
  test('a top-level `environments:` with nothing under it is one sentence at line 1, no crash', () => {
    expect(messageOf('environments:\n')).toMatch(/^gitops-sync\.yaml:1: environments: .*record, received null/);
  });

  test('a YAML list where a map is expected, and a list or scalar document, are one sentence each', () => {
    expect(messageOf('environments:\n  - prod\n')).toMatch(/^gitops-sync\.yaml:1: environments: .*received array/);
    expect(messageOf('- a\n- b\n')).toMatch(/^gitops-sync\.yaml:1: .*expected object, received array/);
    expect(messageOf('just text\n')).toMatch(/^gitops-sync\.yaml:1: .*received string/);
  });

  test('an unknown key inside a list item points at its own line', () => {
    expect(messageOf('severity:\n  rules:\n    - id: x\n      severity: low\n      match: {}\n    - id: y\n      severity: low\n      match: {}\n      bogus: 1\n')).toMatch(
      /^gitops-sync\.yaml:9: severity\.rules\.1: unknown key "bogus"/,
    );
  });

  test('settings not indented under their key point at that key, naming the keys at its level', () => {
    expect(messageOf(`environments:\n  prod:\n    terraform:\n    dir: infra\n`)).toMatch(/^gitops-sync\.yaml:3: environments\.prod\.terraform: nothing is set under it.*"dir" is at its level/);
  });

  test('an unknown key at the top level is named at its line (not hidden behind what it left at the default)', () => {
    expect(messageOf('fail_on: high\napprovals:\n  environments: {}\n')).toMatch(/^gitops-sync\.yaml:2: unknown key "approvals"/);
  });

  test('a secret written as a value under an unknown key is never quoted', () => {
    const message = messageOf('monitoring:\n  notifications:\n    slack:\n      webhook_url: https://hooks.slack.com/services/T000/B000/SECRETVALUE123\n');
    expect(message).toMatch(/unknown key "webhook_url"/);
    expect(message).not.toMatch(/SECRETVALUE123/);
  });

  test('a __proto__ key is an unknown key, not a way to set settings through the prototype', () => {
    expect(messageOf('__proto__:\n  fail_on: none\n')).toMatch(/unknown key "__proto__"/);
  });
});

describe('mkdirKeptOutOfGit: withstood', () => {
  test('a folder that is there already (backups_dir: ., the repository root) gets no .gitignore', () => {
    const dir = tempDir('attack44-root-');
    mkdirKeptOutOfGit(dir);
    mkdirKeptOutOfGit(join(dir, '.'));
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  test('through a symbolic link to an existing folder, only the folder it made gets the .gitignore', () => {
    const dir = tempDir('attack44-link-');
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(dir, 'backups'));
    mkdirKeptOutOfGit(join(dir, 'backups', 'dev'), 0o700);
    expect(existsSync(join(outside, '.gitignore'))).toBe(false);
    expect(readFileSync(join(outside, 'dev', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  test("an existing folder's .gitignore symlink is never written through", () => {
    const dir = tempDir('attack44-gi-link-');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep\n');
    mkdirSync(join(dir, 'backups'));
    symlinkSync(victim, join(dir, 'backups', '.gitignore'));
    mkdirKeptOutOfGit(join(dir, 'backups'));
    mkdirKeptOutOfGit(join(dir, 'backups', 'dev'));
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });

  test('several levels made at once: the topmost gets the .gitignore, and git ignores the deepest file (and the .gitignore itself)', () => {
    const dir = tempDir('attack44-deep-');
    git(dir, 'init', '-q', '-b', 'main');
    mkdirKeptOutOfGit(join(dir, '.gitops-sync', 'audit', 'run'));
    writeFileSync(join(dir, '.gitops-sync', 'audit', 'run', 'events.jsonl'), '{}\n');
    expect(existsSync(join(dir, '.gitops-sync', '.gitignore'))).toBe(true);
    expect(existsSync(join(dir, '.gitops-sync', 'audit', '.gitignore'))).toBe(false);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all').trim()).toBe('');
  });

  test('a second run racing the first (the .gitignore already made) does not fail', () => {
    const dir = tempDir('attack44-race-');
    mkdirKeptOutOfGit(join(dir, 'b', '.locks'));
    expect(() => mkdirKeptOutOfGit(join(dir, 'b', '.locks'))).not.toThrow();
    expect(() => mkdirKeptOutOfGit(join(dir, 'b', 'dev'), 0o700)).not.toThrow();
  });
});

const KLOG = 'E1207 08:58:46.843088   17244 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"';
const REFUSED = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?';

describe('klog lines: holes', () => {
  test("kubectlSaid (sync's backup/apply/delete/wait failures) leaves klog lines out and keeps kubectl's own sentence", () => {
    // `kubectl get` with no reachable cluster: five klog lines, then its sentence (no `error:` prefix).
    expect(kubectlSaid(`${[KLOG, KLOG, KLOG, KLOG, KLOG, REFUSED].join('\n')}\n`)).toContain('The connection to the server localhost:8080 was refused');
  });
});

describe('klog lines: withstood', () => {
  test('klog-looking lines printed after the real error cannot push it out of the last lines', () => {
    expect(lastLines(`Error: the real failure\n${Array.from({ length: 20 }, () => KLOG).join('\n')}\n`)).toEqual(['Error: the real failure']);
  });

  test('a real line that only contains klog-like text (not at its start) is kept', () => {
    const line = `error: apply failed: ${KLOG}`;
    expect(lastLines(`${KLOG}\n${line}\n`)).toEqual([line]);
  });

  test('when klog lines are all the tool said, they are the message (the only useful line is not hidden)', () => {
    expect(lastLines(`${KLOG}\n`)).toEqual([KLOG]);
  });
});
