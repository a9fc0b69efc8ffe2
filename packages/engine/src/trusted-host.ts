/*
 * The repository's config may come from the pull request under review, so a host it names is not
 * trusted with a CI secret on its own word: a token goes only to a host the CI environment also
 * names (a variable set beside the secret, in the workflow or CI/CD settings).
 */

/** The host (with port) of a variable's value: a URL, or a bare host. */
function hostOf(value: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether one of these variables of the CI environment names the host of `url`. */
export function hostNamedByEnvironment(url: URL, env: NodeJS.ProcessEnv, variables: readonly string[]): boolean {
  return variables.some((name) => {
    const value = env[name]?.trim();
    return Boolean(value) && hostOf(value!) === url.host.toLowerCase();
  });
}
