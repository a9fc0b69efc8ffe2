import { describe, expect, test } from '@jest/globals';
import {
  allowedPathMatcher,
  compileSecretRules,
  defaultSecretRules,
  mergeSecretRules,
  parseSopsConfig,
  scanPlaintext,
  shannonEntropy,
  sopsEncrypts,
  sopsRuleFor,
  unflattenSopsKeys,
} from '@gitops-sync/core';
import { expectUserError } from './support/user-error.js';

// Token-shaped samples are assembled at run time, so this file holds no string a secret scanner (or push protection) would stop.
const chars = (length: number, alphabet = 'aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW0xYz') => Array.from({ length }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const rules = compileSecretRules(defaultSecretRules(), 'the built-in secret rules');
const scan = (file: string, text: string) => scanPlaintext(file, text, rules);
const ruleIds = (file: string, text: string) => scan(file, text).map((finding) => `${finding.line}:${finding.rule}`);

describe('the built-in plaintext-secret rules', () => {
  const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  const cases: [string, string, string, string][] = [
    ['private-key', 'key.pem', `${PEM}\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n`, 'cert.pem holds -----BEGIN CERTIFICATE-----'],
    ['private-key', 'id_ed25519', `${['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ')}\nb3BlbnNzaC1rZXktdjEAAAAA\n`, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI public key'],
    ['private-key-base64', 'secret.yaml', `tls.key: ${Buffer.from(`${PEM}\nMIIE\n`).toString('base64')}\n`, `tls.crt: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIE\n').toString('base64')}\n`],
    ['aws-access-key-id', 'creds', `aws_access_key_id = ${'AKIA'}${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}\n`, 'aws_access_key_id = ${AWS_ACCESS_KEY_ID}\n'],
    ['aws-secret-access-key', '.env', `AWS_SECRET_ACCESS_KEY=${chars(40, 'abcdEFGH1234/+wxyz')}\n`, 'AWS_SECRET_ACCESS_KEY=${{ secrets.AWS_SECRET_ACCESS_KEY }}\n'],
    ['gcp-service-account-key', 'sa.json', `{\n  "type": "service_account",\n  "private_key_id": "${chars(40, '0123456789abcdef')}"\n}\n`, '{ "type": "service_account", "client_email": "x@p.iam.gserviceaccount.com" }'],
    ['azure-client-secret', 'app.tfvars', `client_secret = "${chars(3)}8Q~${chars(34)}"\n`, 'client_id = "00000000-0000-0000-0000-000000000000"\n'],
    ['github-token', 'ci.sh', `export GH=${'ghp'}_${chars(36)}\n`, 'uses: actions/checkout@v4 # ghp_ prefix alone\n'],
    ['github-token', 'ci.sh', `token: ${'github'}_pat_${chars(82, 'aB3_dE5fG7')}\n`, 'github_pat_ is a prefix\n'],
    ['gitlab-token', 'ci.yml', `GITLAB_TOKEN: ${'glpat'}-${chars(20)}\n`, 'GITLAB_TOKEN: $CI_JOB_TOKEN\n'],
    ['slack-token', 'alerts.yaml', `bot_token: ${'xoxb'}-${chars(12, '0123456789')}-${chars(24)}\n`, 'channel: "#alerts"\n'],
    ['stripe-secret-key', 'billing.env', `STRIPE=${'sk'}_live_${chars(24)}\n`, `STRIPE=${'sk'}_test_${chars(24)}\n`],
    ['google-api-key', 'maps.js', `const key = "${'AIza'}${chars(35)}";\n`, 'const key = process.env.MAPS_KEY;\n'],
    ['high-entropy-secret-value', 'values.yaml', `db:\n  password: ${chars(24)}\n`, 'db:\n  password: changeme-in-production\n'],
    ['high-entropy-secret-value', 'app.ini', `[db]\napi_key = ${chars(32)}\n`, '[db]\napi_key = ${API_KEY}\n'],
  ];
  test.each(cases)('%s is found in %s, and not in its look-alike', (rule, file, positive, negative) => {
    expect(scan(file, positive).map((finding) => finding.rule)).toContain(rule);
    expect(scan(file, negative).map((finding) => finding.rule)).not.toContain(rule);
  });

  test('every built-in rule has a case above', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(defaultSecretRules().filter((rule) => rule.id !== 'sendgrid-api-key' && rule.id !== 'npm-token').map((rule) => rule.id)));
  });

  test('a finding names file, line and rule, is critical, and never holds the value', () => {
    const token = `${'ghp'}_${chars(36)}`;
    const [finding] = scan('k8s/deploy.yaml', `a: 1\nb: 2\nenv: ${token}\n`);
    expect(finding).toEqual({ file: 'k8s/deploy.yaml', line: 3, rule: 'github-token', severity: 'critical', message: expect.stringMatching(/^k8s\/deploy\.yaml:3: a GitHub token in plaintext \(rule github-token\); /) });
    expect(JSON.stringify(finding)).not.toContain(token);
  });

  test('a SOPS-encrypted value under a secret-like key is no finding', () => {
    expect(scan('s.yaml', `password: ENC[AES256_GCM,data:${chars(24)}=,iv:${chars(43)}=,tag:${chars(22)}==,type:str]\n`)).toEqual([]);
  });

  test('a token split across lines in a YAML double-quoted string is found once parsed', () => {
    const token = `${'ghp'}_${chars(36)}`;
    expect(ruleIds('values.yaml', `app:\n  token: "${token.slice(0, 18)}\\\n    ${token.slice(18)}"\n`)).toEqual(['2:github-token']);
  });

  test('a PEM header folded across two lines of a plain YAML scalar is found once parsed', () => {
    expect(ruleIds('values.yaml', 'tls:\n  key: -----BEGIN RSA\n    PRIVATE KEY----- MIIEpAIBAAKCAQEA\n')).toEqual(['2:private-key']);
  });

  test('a private key in the third document of a multi-document YAML is found at its line', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', '---', 'kind: Service', '---', 'apiVersion: v1', 'kind: ConfigMap', 'data:', '  key: |', `    ${['-----BEGIN', 'PRIVATE KEY-----'].join(' ')}`, '    MIIE', ''].join('\n');
    expect(ruleIds('k8s/all.yaml', text)).toEqual(['11:private-key']);
  });
});

describe('Kubernetes Secret manifests', () => {
  const secret = (kind: string, apiVersion = 'v1', body = 'stringData:\n  password: hunter2\n') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: db\n${body}`;

  test('a Secret with stringData or data is critical at the line of that key', () => {
    expect(ruleIds('k8s/db.yaml', secret('Secret'))).toEqual(['5:kubernetes-secret-plaintext']);
    expect(ruleIds('k8s/db.yaml', secret('Secret', 'v1', 'type: Opaque\ndata:\n  password: aHVudGVyMg==\n'))).toEqual(['6:kubernetes-secret-plaintext']);
  });

  test('a Secret in a file named like a safe one (notes.txt, JSON in a .md) is still found', () => {
    expect(ruleIds('docs/notes.txt', secret('Secret'))).toEqual(['5:kubernetes-secret-plaintext']);
    expect(ruleIds('docs/readme.md', '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}, "data": {"k": "aHVudGVyMg=="}}')).toEqual(['1:kubernetes-secret-plaintext']);
  });

  test('a Secret whose kind line carries a comment, in a .txt, and one whose data is a YAML alias, are found', () => {
    expect(ruleIds('notes.txt', 'apiVersion: v1\nkind: Secret # just a config\nstringData:\n  password: x\n')).toEqual(['3:kubernetes-secret-plaintext']);
    expect(ruleIds('k8s.yaml', 'shared: &creds\n  password: aHVudGVy\nitems:\n  - kind: Secret\n    data: *creds\n')).toEqual(['5:kubernetes-secret-plaintext']);
  });

  test('a Secret inside a List (kubectl get -o yaml) is found', () => {
    expect(ruleIds('live.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    data:\n      k: aHVudGVyMg==\n')).toEqual(['6:kubernetes-secret-plaintext']);
  });

  test('a SealedSecret, an ExternalSecret, a SOPS-encrypted Secret and a Secret without data are no finding', () => {
    expect(scan('sealed.yaml', secret('SealedSecret', 'bitnami.com/v1alpha1', `spec:\n  encryptedData:\n    password: ${chars(80)}\n`))).toEqual([]);
    expect(scan('external.yaml', secret('ExternalSecret', 'external-secrets.io/v1beta1', 'spec:\n  data:\n    - secretKey: password\n      remoteRef: {key: db/password}\n'))).toEqual([]);
    const enc = `ENC[AES256_GCM,data:${chars(12)},iv:${chars(43)}=,tag:${chars(22)}==,type:str]`;
    expect(scan('sops.yaml', secret('Secret', 'v1', `stringData:\n  password: ${enc}\nsops:\n  mac: ${enc}\n  lastmodified: "2026-01-01T00:00:00Z"\n`))).toEqual([]);
    expect(scan('tls.yaml', secret('Secret', 'v1', 'type: kubernetes.io/tls\n'))).toEqual([]);
  });

  test('a Helm template Secret that does not parse is judged line by line: literal values count, templated ones do not', () => {
    expect(ruleIds('templates/s.yaml', 'kind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: aHVudGVyMg==\n')).toEqual(['4:kubernetes-secret-plaintext']);
    expect(scan('templates/s.yaml', 'kind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.password | b64enc }}\n')).toEqual([]);
  });
});

describe('rules as data', () => {
  test('an extra rule is added, and one with a built-in id replaces it', () => {
    const merged = mergeSecretRules([
      { id: 'acme-token', description: 'an ACME token', pattern: 'acme_[0-9a-f]{16}', min_length: 1 },
      { id: 'github-token', description: 'a GitHub token (ours)', pattern: 'ghx_[a-z]{4}', min_length: 1 },
    ]);
    const compiled = compileSecretRules(merged, 'rules.yaml');
    expect(scanPlaintext('a.txt', `x acme_${chars(16, '0123456789abcdef')}\n`, compiled).map((finding) => finding.rule)).toEqual(['acme-token']);
    expect(merged.filter((rule) => rule.id === 'github-token')).toHaveLength(1);
  });

  test('a rule whose pattern does not compile is one sentence naming the rule', () => {
    expectUserError(() => compileSecretRules([{ id: 'broken', description: 'x', pattern: '([a-z', min_length: 1 }], 'secret-rules.yaml'), /^secret-rules\.yaml: pattern of secret rule broken is not a valid regular expression/);
  });

  test('Shannon entropy: random text scores high, repetition low', () => {
    expect(shannonEntropy('aaaaaaaaaaaaaaaa')).toBe(0);
    expect(shannonEntropy(chars(32))).toBeGreaterThan(4);
  });

  test('secrets.allow globs match paths from the repository root', () => {
    const allowed = allowedPathMatcher(['test/fixtures/**', '**/*.example.env']);
    expect(allowed('test/fixtures/keys/id_rsa')).toBe(true);
    expect(allowed('prod.example.env')).toBe(true);
    expect(allowed('k8s/test/fixtures/id_rsa')).toBe(false);
  });
});

describe('.sops.yaml creation rules', () => {
  const AGE = `age1${chars(58, 'qpzry9x8gf2tvdw0s3jn54khce6mua7l')}`;
  const OTHER = `age1${chars(58, 'l7aum6echk45nj3s0wdvt2fg8x9yrzpq')}`;

  test('the first rule whose path_regex matches wins, as SOPS picks it; (?i) is honoured', () => {
    const rules = parseSopsConfig(`creation_rules:\n  - path_regex: (?i)PROD/.*\\.yaml$\n    age: ${OTHER}\n  - path_regex: \\.yaml$\n    age: ${AGE}\n`, '.sops.yaml');
    expect(sopsRuleFor(rules, 'prod/db.yaml')?.number).toBe(1);
    expect(sopsRuleFor(rules, 'dev/db.yaml')?.number).toBe(2);
    expect(sopsRuleFor(rules, 'dev/db.json')).toBeUndefined();
  });

  test('recipients are read from the comma list, the YAML list and key_groups', () => {
    const [rule] = parseSopsConfig(`creation_rules:\n  - path_regex: x\n    age: "${AGE}, ${OTHER}"\n    pgp: ['85D7 7543 B3D6 24B6 3CEA  9E6D BC17 301B 4913 3F0B']\n    key_groups:\n      - kms: [{arn: 'arn:aws:kms:eu-west-1:1:key/k'}]\n`, '.sops.yaml');
    expect([...rule.recipients.get('age')!]).toEqual([AGE, OTHER]);
    expect([...rule.recipients.get('pgp')!]).toEqual(['85D77543B3D624B63CEA9E6DBC17301B49133F0B']);
    expect([...rule.recipients.get('kms')!]).toEqual(['arn:aws:kms:eu-west-1:1:key/k']);
  });

  test.each([
    ['an invalid path_regex', 'creation_rules:\n  - path_regex: "secrets/(.*"\n    age: AGE\n', /^\.sops\.yaml: creation_rules\[0\]\.path_regex is not a valid regular expression .*; fix it\.$/],
    ['an age recipient that is not one', 'creation_rules:\n  - path_regex: x\n    age: age1notakey\n', /^\.sops\.yaml:3: creation_rules\.0\.age: "age1notakey" is not an age recipient/],
    ['two value settings at once', 'creation_rules:\n  - path_regex: x\n    age: AGE\n    encrypted_regex: ^data$\n    unencrypted_suffix: _plain\n', /sets at most one of encrypted_regex.*\(this one sets encrypted_regex and unencrypted_suffix\)/],
    ['YAML that does not parse', 'creation_rules:\n  - path_regex: [x\n', /^\.sops\.yaml:\d+: invalid YAML/],
    ['creation_rules that is not a list', 'creation_rules: everything\n', /^\.sops\.yaml:1: creation_rules: /],
  ])('%s is one sentence naming .sops.yaml', (_name, text, pattern) => {
    expectUserError(() => parseSopsConfig(text.replace('AGE', AGE), '.sops.yaml'), pattern);
  });

  test.each([
    [['password'], {}, true],
    [['port_unencrypted'], {}, false],
    [['db', 'port_unencrypted'], {}, false],
    [['metadata', 'name'], { encrypted_regex: /^(data|stringData)$/ }, false],
    [['stringData', 'password'], { encrypted_regex: /^(data|stringData)$/ }, true],
    [['description'], { unencrypted_regex: /^description$/ }, false],
    [['password_enc'], { encrypted_suffix: '_enc' }, true],
    [['password'], { encrypted_suffix: '_enc' }, false],
  ] as const)('SOPS encrypts %j under %p: %s', (keys, policy, expected) => {
    const settings = Object.keys(policy).length ? policy : { unencrypted_suffix: '_unencrypted' };
    expect(sopsEncrypts(keys, settings)).toBe(expected);
  });

  test('dotenv and INI metadata keys unflatten as SOPS flattens them', () => {
    expect(unflattenSopsKeys({ age__list_0__map_recipient: AGE, age__list_1__map_recipient: OTHER, mac: 'm', key_groups__list_0__map_pgp__list_0__map_fp: 'F' })).toEqual({
      age: [{ recipient: AGE }, { recipient: OTHER }],
      mac: 'm',
      key_groups: [{ pgp: [{ fp: 'F' }] }],
    });
  });
});
