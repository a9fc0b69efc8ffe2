import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { terraform, writeFiles } from './terraform.js';

/**
 * Files the artifact pattern `backups/**\/*.age` uploads, walking as the uploaders do (@actions/glob,
 * GitLab's artifacts:paths): those whose own name, or a folder's above them, ends in .age, through
 * symbolic links, a matched folder whole.
 */
export function uploadedByArtifactPattern(root: string): string[] {
  const uploaded: string[] = [];
  const walk = (dir: string, matched: boolean) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const matches = matched || name.endsWith('.age');
      if (statSync(path).isDirectory()) walk(path, matches);
      else if (matches) uploaded.push(relative(root, path));
    }
  };
  walk(join(root, 'backups'), false);
  return uploaded;
}

/** `<root>/infra`: a stack holding var.secret (sensitive), applied at v1 (its state kept as before.tfstate), then at v2. */
export function appliedTwice(root: string, env: Record<string, string>): void {
  const stack = (version: string) =>
    `variable "secret" {\n  type      = string\n  sensitive = true\n}\nresource "terraform_data" "app" {\n  input = { version = "${version}", password = var.secret }\n}\n`;
  writeFiles(join(root, 'infra'), { 'main.tf': stack('v1') });
  terraform(join(root, 'infra'), env, 'init', '-input=false');
  terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
  writeFiles(root, { 'before.tfstate': readFileSync(join(root, 'infra/terraform.tfstate'), 'utf8') });
  writeFiles(join(root, 'infra'), { 'main.tf': stack('v2') });
  terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
}
