/**
 * Attack on the progress lines the actions print (core.info): besides `::command::` at the start of a
 * line, the GitHub runner still parses its legacy form `##[command]` anywhere in a line
 * (actions/runner ActionCommand.TryParse: `message.IndexOf("##[")`, tried when the `::` form does not
 * parse). A name a cloud account or a server chose could then set a step output, add a mask, or stop
 * command processing, so that the masks gitops-sync adds later are ignored.
 */
import { expect, jest, test } from '@jest/globals';
import { githubIO } from '@gitops-sync/platforms';

function printed(message: string): string {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  try {
    githubIO().info(message);
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

test('a progress line carrying a legacy ##[command] anywhere is printed as text the runner does not run', () => {
  const text = printed('aws configservice get-compliance-details-by-config-rule (rule x##[set-output name=allowed;]true ##[stop-commands]pwned\n  ##[add-mask]denied)');
  expect(text).toContain('get-compliance-details-by-config-rule');
  expect(text).toContain('set-output name=allowed;]true');
  expect(text).not.toContain('##[');
});
