import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveEnvironmentName, UserError, type GitopsSyncConfig } from '@gitops-sync/core';
import { loadConfig } from '@gitops-sync/engine';
import type { CliIO } from './main.js';

/** The command lines gitops-sync was first described with; each runs as the command it stands for. */
export const SHORTHANDS = [
  'gitops-sync production                         → sync production (drift check, gate, apply)',
  'gitops-sync staging --drift-check-only         → drift staging --drift-check-only',
  'gitops-sync development --dry-run --verbose    → sync development --dry-run --verbose',
  'gitops-sync development --auto-approve-safe    → sync development (its policy sets auto_approve_safe)',
  'gitops-sync production --rollback --to-commit SHA → rollback production --mode git --to-commit SHA',
  'gitops-sync --environments dev,staging,prod --parallel → drift --environments … --parallel',
  'gitops-sync --audit-mode --compliance sox,pci --output audit-report.json → audit export --compliance sox,pci --output audit-report.json',
];

function configPathOf(argv: string[], cwd: string): string {
  const at = argv.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  const path = at < 0 ? 'gitops-sync.yaml' : argv[at].startsWith('--config=') ? argv[at].slice('--config='.length) : (argv[at + 1] ?? '');
  return resolve(cwd, path);
}

/** A word is an environment only when gitops-sync.yaml names it (or lists it as an alias): never a guess. */
function environmentIn(config: GitopsSyncConfig | undefined, word: string): string | undefined {
  if (!config) return undefined;
  const { name } = resolveEnvironmentName(config, word);
  return Object.hasOwn(config.environments, name) ? name : undefined;
}

/**
 * The real command an original command line stands for, or undefined when `argv` is not one.
 * `--rollback` and the other words of the original lines are read here only; the commands never see them.
 */
export function expandShorthand(argv: string[], io: CliIO): string[] | undefined {
  const [first, ...rest] = argv;
  if (argv.includes('--audit-mode')) return ['audit', 'export', ...argv.filter((arg) => arg !== '--audit-mode')];
  if (first === '--environments' || first?.startsWith('--environments=')) return ['drift', ...argv];
  if (!first || first.startsWith('-')) return undefined;
  const configPath = configPathOf(argv, io.cwd);
  const config = existsSync(configPath) ? loadConfig(configPath, true) : undefined;
  const environment = environmentIn(config, first);
  if (!config || !environment) return undefined;
  const without = (flag: string) => rest.filter((arg) => arg !== flag);
  if (rest.includes('--rollback')) {
    const mode = rest.some((arg) => arg === '--mode' || arg.startsWith('--mode=')) ? [] : ['--mode', 'git'];
    return ['rollback', first, ...mode, ...without('--rollback')];
  }
  if (rest.includes('--drift-check-only')) return ['drift', first, ...rest];
  if (rest.includes('--auto-approve-safe')) {
    const policies = config.approval.environments;
    if (!(Object.hasOwn(policies, environment) && policies[environment].auto_approve_safe)) {
      throw new UserError(
        `--auto-approve-safe is a policy, not a flag: set approval.environments.${environment}.auto_approve_safe: true in gitops-sync.yaml (never for production), then run \`gitops-sync sync ${environment}\`.`,
      );
    }
    return ['sync', first, ...without('--auto-approve-safe')];
  }
  return ['sync', first, ...rest];
}
