// npm run demo: what gitops-sync finds in examples/demo, and what its four-eyes gate decides, offline.
// Steps 1 and 2 are the commands anyone can run in examples/demo (same files, same answer). Step 3 runs
// `gitops-sync gate` against a loopback stand-in for GitHub (the one the tests use), since a gate
// decision needs a pull request with reviews.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ghPullRequest, ghUser, startFakeGitHub } from '../test/support/fake-github.ts';
import { pullRequestRepo } from '../test/support/git-repo.ts';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist/cli/index.js');
const example = join(root, 'examples/demo');

/** Runs the built CLI, its output shown as it comes; resolves to the exit code. */
function gitopsSync(args, { cwd = example, env = {} } = {}) {
  console.log(`\n$ gitops-sync ${args.join(' ')}`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'inherit' });
    child.on('error', fail);
    child.on('close', (code) => {
      console.log(`(exit ${code})`);
      done(code);
    });
  });
}

const heading = (text) => console.log(`\n━━ ${text}`);
const codes = [];

heading('1. Terraform: drift made outside Git (in examples/demo)');
console.log('recorded-plan.json is a real terraform plan of infra/: since the last apply someone opened the firewall to');
console.log('0.0.0.0/0 and deleted the database by hand (ORIGIN outside), and Git changed the web image (ORIGIN planned).');
codes.push(await gitopsSync(['analyze', '--source', 'terraform-plan', '--input', 'recorded-plan.json', '--env', 'demo']));

heading('2. Kubernetes: k8s/ (what Git wants) against cluster-export.yaml (what runs)');
console.log('Someone patched a privileged debug container into the web Deployment with kubectl edit.');
codes.push(await gitopsSync(['drift', 'demo']));

heading('3. The four-eyes gate on a pull request that bumps the web image');
console.log('alice opened it and approved it herself; the bot deploy-robot and bob approved too. demo is production:');
console.log('two independent people with write access, one of them from acme/security.');
const config = readFileSync(join(example, 'gitops-sync.yaml'), 'utf8');
const web = readFileSync(join(example, 'k8s/web.yaml'), 'utf8');
const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'k8s/web.yaml': web }, { 'k8s/web.yaml': web.replace('web:1.5.0', 'web:1.6.0') });
const github = await startFakeGitHub({ owner: 'acme', repo: 'infra' });
try {
  const [alice, bob, carol, robot] = ['alice', 'bob', 'carol', 'deploy-robot'].map((login) => ghUser(login));
  let reviewId = 1;
  const approval = (user) => ({ id: reviewId++, user, state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: `2026-12-01T10:0${reviewId}:00Z` });
  const commit = { sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'alice@example.com', committerName: 'alice', committerEmail: 'alice@example.com' };
  const pull = ghPullRequest(alice, { number: 7, head: repo.headSha, base: repo.baseSha }, { files: repo.files, commits: [commit], reviews: [approval(alice), approval(robot), approval(bob)] });
  for (const side of [pull.head, pull.base]) side.repoFullName = 'acme/infra';
  github.state.pulls.set(7, pull);
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write', 'deploy-robot': 'write' };
  github.state.teams = { 'acme/security': ['carol'] };
  const gate = ['gate', '--env', 'demo', '--platform', 'github', '--repo', 'acme/infra', '--pr', '7'];
  const api = { cwd: repo.dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url } };
  codes.push(await gitopsSync(gate, api));
  console.log('\ncarol, from acme/security, approves as well:');
  pull.reviews.push(approval(carol));
  codes.push(await gitopsSync(gate, api));
} finally {
  await github.close();
  rmSync(repo.dir, { recursive: true, force: true });
}

const expected = [2, 2, 3, 0];
const ok = codes.every((code, i) => code === expected[i]);
console.log(`\nExit codes: drift 2 = drift found, gate 3 = denied, 0 = allowed.${ok ? '' : ` Expected ${expected.join(', ')}, got ${codes.join(', ')}.`}`);
console.log('Run steps 1 and 2 yourself: cd examples/demo && gitops-sync … as shown above (from this checkout: node ../../dist/cli/index.js …).');
process.exitCode = ok ? 0 : 1;
