import { resolve } from 'node:path';
import { UserError, type GitopsSyncConfig, type Redactor } from '@gitops-sync/core';
import { checkProtection, generateGithubEnvironments, generateGitlabProtectedEnvironments, loadConfig, writeFileAtomic, type ProtectionPlatform } from '@gitops-sync/engine';
import { protectionPlatformFor, type GitHubProtection, type GitLabProtection } from '@gitops-sync/platforms';
import { detectPlatform } from '@gitops-sync/platforms/review-target';
import type { CliIO } from './main.js';
import { configGiven, parse } from './args.js';
import { checkFormat } from './review-commands.js';

const EXIT_WEAKER = 2;

/** `generate github-environments|gitlab-protected-environments [--environment E] [--apply]`: the bodies as JSON. */
export async function generateEnvironmentProtection(
  kind: 'github-environments' | 'gitlab-protected-environments',
  config: GitopsSyncConfig,
  values: { environment?: string; apply: boolean; repo?: string; output?: string },
  io: CliIO,
  redactor: Redactor,
): Promise<number> {
  const platform = kind === 'github-environments' ? 'github' : 'gitlab';
  const api = protectionPlatformFor(platform, io.env, { repo: values.repo, onSecret: redactor.add, needed: values.apply ? `generate ${kind} --apply` : undefined });
  const settings =
    kind === 'github-environments'
      ? await generateGithubEnvironments(config, values.environment, api as GitHubProtection | undefined, values.apply)
      : await generateGitlabProtectedEnvironments(config, values.environment, api as GitLabProtection | undefined, values.apply);
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  if (values.output) writeFileAtomic(resolve(io.cwd, values.output), text);
  else io.stdout(text);
  const missing = settings.flatMap((each) => each.missing);
  if (missing.length) io.stderr(`gitops-sync: not known without the API: ${missing.join('; ')}. Each stands as null in its body until then.\n`);
  if (values.apply) io.stderr(`gitops-sync: set ${settings.map((each) => each.environment).join(', ')} on ${platform === 'github' ? 'GitHub' : 'GitLab'}.\n`);
  return 0;
}

/** `check-protection [--environment E]`: one line per weakness; exit 2 when the platform is weaker than the config, 0 when not. */
export async function checkProtectionCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    environment: { type: 'string' },
    platform: { type: 'string' },
    repo: { type: 'string' },
    format: { type: 'string', default: 'text' },
  });
  const format = checkFormat(String(values.format));
  const platform = (values.platform as string | undefined) ?? detectPlatform(io.env);
  if (platform !== 'github' && platform !== 'gitlab') throw new UserError(`check-protection needs --platform github or gitlab${platform ? ` (got ${JSON.stringify(platform)})` : ' outside GitHub Actions and GitLab CI'}.`);
  const config = loadConfig(resolve(io.cwd, String(values.config)), true, !configGiven(args));
  const api = protectionPlatformFor(platform, io.env, { repo: values.repo as string | undefined, onSecret: redactor.add, needed: 'check-protection' }) as ProtectionPlatform;
  const weaknesses = await checkProtection(config, values.environment as string | undefined, api);
  if (format === 'json') io.stdout(`${JSON.stringify(weaknesses, null, 2)}\n`);
  else for (const weakness of weaknesses) io.stdout(`${weakness.environment}: ${weakness.message} [${weakness.rule}]\n`);
  return weaknesses.length ? EXIT_WEAKER : 0;
}
