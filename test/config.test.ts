import { parseConfig, UserError } from '@gitops-sync/core';

describe('gitops-sync.yaml', () => {
  test('a full configuration parses with defaults filled in', () => {
    const config = parseConfig(
      ['environments:', '  production:', '    terraform:', '      dir: infra/prod', '      workspace: prod', '      var_files: [prod.tfvars]', 'fail_on: high', ''].join('\n'),
      'gitops-sync.yaml',
    );
    expect(config.environments.production.terraform).toEqual({ dir: 'infra/prod', workspace: 'prod', var_files: ['prod.tfvars'], backend_config: [], binary: 'terraform' });
    expect(config.fail_on).toBe('high');
    expect(config.report.output_changes_are_drift).toBe(false);
  });

  test('an unknown key is refused with its line', () => {
    const text = ['environments:', '  production:', '    terraform:', '      dir: infra', '      workspce: prod', ''].join('\n');
    expect(() => parseConfig(text, 'gitops-sync.yaml')).toThrow(
      new UserError('gitops-sync.yaml:5: environments.production.terraform: unknown key "workspce"; see the configuration reference in the README.'),
    );
  });

  test('a wrong type is refused with its line', () => {
    const text = ['fail_on: critical', 'environments:', '  dev:', '    terraform:', '      dir: infra', '      var_files: prod.tfvars', ''].join('\n');
    expect(() => parseConfig(text, 'cfg.yaml')).toThrow(/^cfg\.yaml:6: environments\.dev\.terraform\.var_files: Invalid input: expected array, received string/);
  });

  test('an invalid fail_on lists the allowed values', () => {
    expect(() => parseConfig('fail_on: criticl\n', 'cfg.yaml')).toThrow(/^cfg\.yaml:1: fail_on: Invalid option: expected one of "never"\|"drift"\|"high"\|"critical"/);
  });

  test('invalid YAML names the line', () => {
    expect(() => parseConfig('environments:\n  dev: [unclosed\n', 'cfg.yaml')).toThrow(/^cfg\.yaml:\d+: invalid YAML/);
  });

  test('a YAML alias bomb is refused instead of expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`), ''].join('\n');
    expect(() => parseConfig(bomb, 'cfg.yaml')).toThrow(/^cfg\.yaml: .*alias/i);
  });

  test('a user severity rule with a bad severity is refused', () => {
    const text = ['severity:', '  rules:', '    - id: team.x', '      severity: urgent', '      match: { kind: aws_instance }', ''].join('\n');
    expect(() => parseConfig(text, 'cfg.yaml')).toThrow(/^cfg\.yaml:4: severity\.rules\.0\.severity: Invalid option/);
  });
});

describe('teams', () => {
  test('a team named without its organisation is refused with the fix, since no approval could ever satisfy it', () => {
    const text = ['approval:', '  environments:', '    production:', '      critical_requires_team: security-team', ''].join('\n');
    expect(() => parseConfig(text, 'cfg.yaml')).toThrow(
      new Error(
        'cfg.yaml:4: approval.environments.production.critical_requires_team: "security-team" names no organisation, so no approval can ever satisfy it; write it as org/security-team (a GitHub organisation/team, or a GitLab group/subgroup path); see the configuration reference in the README.',
      ),
    );
    const teams = ['approval:', '  environments:', '    staging:', '      required_teams: [acme/platform, "@sre"]', ''].join('\n');
    expect(() => parseConfig(teams, 'cfg.yaml')).toThrow(/^cfg\.yaml:4: approval\.environments\.staging\.required_teams\.1: "@sre" names no organisation, so no approval can ever satisfy it; write it as org\/sre /);
  });

  test('GitHub org/team and GitLab group paths, nested or with @, are accepted', () => {
    const text = ['approval:', '  environments:', '    production:', '      required_teams: [acme/platform, "@acme/sre", acme/infra/oncall]', '      critical_requires_team: acme/security-team', ''].join('\n');
    expect(parseConfig(text, 'cfg.yaml').approval.environments.production.required_teams).toEqual(['acme/platform', '@acme/sre', 'acme/infra/oncall']);
  });
});

describe('line numbers', () => {
  test('a numeric environment name still points at the right line', () => {
    const text = ['fail_on: critical', 'environments:', '  123:', '    terraform:', '      dir: 5', ''].join('\n');
    expect(() => parseConfig(text, 'g.yaml')).toThrow(/^g\.yaml:5: environments\.123\.terraform\.dir: Invalid input: expected string, received number/);
  });

  test('a block value points at its key', () => {
    const text = ['environments:', '  dev:', '    terraform:', '      dir: infra', '      var_files:', '        a: b', ''].join('\n');
    expect(() => parseConfig(text, 'g.yaml')).toThrow(/^g\.yaml:5: environments\.dev\.terraform\.var_files: Invalid input: expected array, received object/);
  });
});
