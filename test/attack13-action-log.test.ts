import { jest } from '@jest/globals';
import { githubIO } from '@gitops-sync/platforms';

/*
 * Adversarial review: the actions print progress lines with core.info, which GitHub reads for
 * workflow commands. A name from a cloud account (an AWS Config rule may be named anything with a
 * non-space in it) must not start a line of its own that GitHub runs as a command, nor carry escapes.
 */

describe('attack: a progress line carrying a workflow command', () => {
  it('is printed as text: no line of it starts with ::, no escape sequence', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      githubIO().info('aws configservice get-compliance-details-by-config-rule (rule x\n::stop-commands::pwned\n::error title=Approved::security signed off\u001b[2J)');
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('get-compliance-details-by-config-rule');
    expect(text.split(/\r?\n/).filter((line) => line.startsWith('::'))).toEqual([]);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b/);
  });
});
