import type { SecretSink } from '../diff/value-diff.js';

/**
 * A name that says its value is a secret, in a path or a key: `adminPassword`, `connectionStrings`,
 * `partnerApiKey`, `tls.passphrase`. The cloud sources mask the values under such names.
 */
export const SECRET_NAME = /password|passwd|passphrase|secret|token|connectionstring|api_?key|access_?key|private_?key|shared_?key|credential/i;

/** Keys of a reference to where a secret is kept (`password.valueFrom.secretKeyRef: { name, key }`): names, not the secret. */
const SECRET_REFERENCE = /^valueFrom$|Ref$/;

/**
 * The strings of a secret-named value, to `onSecret`; not those of a reference, which as secrets would
 * mask every mention of a Secret's name or key.
 */
export function secretStrings(value: unknown, onSecret: SecretSink | undefined): void {
  if (!onSecret) return;
  if (typeof value === 'string' && value) onSecret(value);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) if (!SECRET_REFERENCE.test(key)) secretStrings(item, onSecret);
}
