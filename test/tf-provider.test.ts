/**
 * End-to-end check of the test-only `gitops-sync/jsonfile` provider (test/tf-provider/) with the real
 * `terraform` binary, offline: apply, change the files behind Terraform's back, and read the drift
 * from `terraform show -json`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { installJsonFileProvider, type JsonFileProviderSetup } from './tf-provider/install.js';

interface Change {
  actions: string[];
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  before_sensitive?: Record<string, any> | false;
}
interface ResourceChange {
  address: string;
  change: Change;
}

describe('jsonfile test provider with real terraform', () => {
  let workDir: string;
  let stackDir: string;
  let objectsDir: string;
  let setup: JsonFileProviderSetup;

  /** Runs terraform in the stack folder and fails with its output unless it exits with `expected`. */
  function terraform(args: string[], expected = 0): string {
    const result = spawnSync('terraform', [...args, '-no-color'], {
      cwd: stackDir,
      env: { ...process.env, ...setup.env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.status !== expected) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.status ?? result.signal} (wanted ${expected})\n` +
          `${result.stdout}\n${result.stderr}`,
      );
    }
    return result.stdout;
  }

  /** Provider processes started from this test's mirror (its path is on their command line). */
  function providerProcesses(): string[] {
    const result = spawnSync('pgrep', ['-af', 'terraform-provider-jsonfile'], { encoding: 'utf8' });
    return result.stdout.split('\n').filter((line) => line.includes(setup.mirrorDir));
  }

  const readObject = (name: string) => JSON.parse(readFileSync(join(objectsDir, `${name}.json`), 'utf8'));

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'tf-jsonfile-'));
    stackDir = join(workDir, 'stack');
    objectsDir = join(workDir, 'objects');
    mkdirSync(stackDir);
    setup = installJsonFileProvider(workDir);
    writeFileSync(
      join(stackDir, 'main.tf'),
      `terraform {
  required_providers {
    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }
  }
}

provider "jsonfile" {
  directory = ${JSON.stringify(objectsDir)}
}

resource "jsonfile_object" "app" {
  name    = "app"
  content = { image = "nginx:1.27", replicas = "2" }
}

resource "jsonfile_object" "db" {
  name    = "db"
  content = { engine = "postgres" }
  secret  = "s3cr3t"
}

# Builtin provider: must work alongside the mirror-only installation.
resource "terraform_data" "marker" {
  input = jsonfile_object.app.id
}
`,
    );
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('init and apply create the JSON files', () => {
    terraform(['init', '-input=false']);
    expect(readFileSync(join(stackDir, '.terraform.lock.hcl'), 'utf8')).toContain('registry.terraform.io/gitops-sync/jsonfile');

    terraform(['apply', '-auto-approve', '-input=false']);
    expect(readObject('app')).toEqual({ content: { image: 'nginx:1.27', replicas: '2' } });
    expect(readObject('db')).toEqual({ content: { engine: 'postgres' }, secret: 's3cr3t' });
  }, 60_000);

  test('hand edits and deletions show up as resource_drift', () => {
    const app = readObject('app');
    app.content.replicas = '5';
    writeFileSync(join(objectsDir, 'app.json'), JSON.stringify(app));
    unlinkSync(join(objectsDir, 'db.json'));

    terraform(['plan', '-input=false', '-lock=false', '-detailed-exitcode', '-out=tfplan'], 2);
    const plan = JSON.parse(terraform(['show', '-json', 'tfplan']));
    const byAddress = (list: ResourceChange[]) => Object.fromEntries(list.map((rc) => [rc.address, rc.change]));

    const drift = byAddress(plan.resource_drift);
    expect(Object.keys(drift).sort()).toEqual(['jsonfile_object.app', 'jsonfile_object.db']);
    expect(drift['jsonfile_object.app'].actions).toEqual(['update']);
    expect(drift['jsonfile_object.app'].before?.content).toEqual({ image: 'nginx:1.27', replicas: '2' });
    expect(drift['jsonfile_object.app'].after?.content).toEqual({ image: 'nginx:1.27', replicas: '5' });
    expect(drift['jsonfile_object.db'].actions).toEqual(['delete']);
    expect(drift['jsonfile_object.db'].after).toBeNull();
    // `secret` is sensitive in the schema: the JSON plan flags it.
    expect(drift['jsonfile_object.db'].before_sensitive).toMatchObject({ secret: true });

    const changes = byAddress(plan.resource_changes);
    expect(changes['jsonfile_object.app'].actions).toEqual(['update']);
    expect(changes['jsonfile_object.app'].after?.content).toEqual({ image: 'nginx:1.27', replicas: '2' });
    expect(changes['jsonfile_object.db'].actions).toEqual(['create']);
    expect(changes['terraform_data.marker'].actions).toEqual(['no-op']);
    expect(existsSync(join(objectsDir, 'db.json'))).toBe(false); // plan changed nothing
  }, 60_000);

  test('the provider handshakes by hand, is visible to pgrep and exits on SIGTERM', async () => {
    const packageDir = join(setup.mirrorDir, 'registry.terraform.io/gitops-sync/jsonfile/0.1.0');
    const [platform] = readdirSync(packageDir);
    const child = spawn(join(packageDir, platform, 'terraform-provider-jsonfile_v0.1.0'), [], {
      env: {
        ...process.env,
        TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
        PLUGIN_PROTOCOL_VERSIONS: '5,6',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (data) => (stderr += data));
    try {
      const handshake = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (data) => resolve(String(data)));
        child.once('exit', (code) => reject(new Error(`provider exited ${code} before its handshake:\n${stderr}`)));
      });
      expect(handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|\n$/);
      expect(providerProcesses()).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 20_000);

  test('no provider process outlives terraform', async () => {
    // go-plugin's Kill() waits for the process after GRPCController.Shutdown; allow a moment anyway.
    for (let i = 0; i < 20 && providerProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(providerProcesses()).toEqual([]);
  });
});
