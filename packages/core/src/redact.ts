/** Remembers sensitive values and removes them from any text before it is shown. */
export class Redactor {
  private readonly secrets = new Set<string>();

  readonly add = (secret: string): void => {
    this.secrets.add(secret);
  };

  get values(): ReadonlySet<string> {
    return this.secrets;
  }

  redact(text: string): string {
    let result = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.replaceAll(secret, '***');
    return result;
  }
}
