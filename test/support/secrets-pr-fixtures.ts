export const AGE_A = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
export const AGE_B = 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj';

/** A SOPS-encrypted YAML file as `sops --encrypt` writes it with an age recipient (values and MAC are opaque here). */
export function sopsYaml(keys: Record<string, string>, recipient = AGE_A): string {
  const values = Object.keys(keys).map((key) => `${key}: ENC[AES256_GCM,data:cGxhaW4=,iv:aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXY=,tag:dGFndGFndGFndGFndGFndA==,type:str]`);
  return [
    ...values,
    'sops:',
    '    age:',
    `        - recipient: ${recipient}`,
    '          enc: |',
    '            -----BEGIN AGE ENCRYPTED FILE-----',
    '            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBzb21ldGhpbmcK',
    '            -----END AGE ENCRYPTED FILE-----',
    '    lastmodified: "2026-12-01T10:00:00Z"',
    '    mac: ENC[AES256_GCM,data:bWFjbWFj,iv:aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXY=,tag:dGFndGFndGFndGFndGFndA==,type:str]',
    '    version: 3.9.1',
    '',
  ].join('\n');
}

