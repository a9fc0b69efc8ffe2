import { parseAzurePolicyStates, pointerFromPropertyPath } from '@gitops-sync/core';

/*
 * Adversarial review: the paths the services write become the report's field paths, which the
 * report promises are RFC 6901 JSON pointers (`~` only as `~0` / `~1`).
 */

const VALID_POINTER = /^(\/([^~/]|~[01])*)*$/;

describe('attack: an evaluation path that is not a JSON pointer', () => {
  test.each([['/a~'], ['/a~2b'], ['/~']])('%s becomes a valid pointer', (path) => {
    expect(pointerFromPropertyPath(path)).toMatch(VALID_POINTER);
  });

  test('valid pointers and dotted paths are kept as they were', () => {
    expect(pointerFromPropertyPath('/properties/a~1b')).toBe('/properties/a~1b');
    expect(pointerFromPropertyPath('properties.networkAcls.ipRules[0].value')).toBe('/properties/networkAcls/ipRules/0/value');
  });

  test('an Azure evaluatedExpression path with a bare ~ is reported as a valid pointer', () => {
    const [change] = parseAzurePolicyStates(
      JSON.stringify([
        {
          complianceState: 'NonCompliant',
          policyDefinitionName: 'p1',
          resourceId: '/subscriptions/x/resourcegroups/rg/providers/microsoft.web/sites/shop',
          resourceType: 'Microsoft.Web/sites',
          policyEvaluationDetails: { evaluatedExpressions: [{ path: '/properties/a~', expressionValue: 'v', targetValue: 't', operator: 'Equals', result: 'True' }] },
        },
      ]),
      'states.json',
    );
    for (const field of change.fields) expect(field.path).toMatch(VALID_POINTER);
  });
});
