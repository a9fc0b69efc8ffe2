/** Shorter secrets are found only as a whole string: as part of one, "ab" would be found everywhere. */
const MIN_EMBEDDED_LENGTH = 3;
/** A shorter run of base64 would turn up by chance in unrelated base64 (certificates, user data). */
const MIN_BASE64_CORE = 8;

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
const htmlEscapes = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The base64 of a secret, wherever it starts in the encoded bytes: at each of the three alignments,
 * the characters that depend on the secret's bytes alone.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const whole = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice(offset === 0 ? 0 : 4, whole);
  });
}

/**
 * The forms a secret takes inside a longer string built from it, as Terraform's functions write them:
 * itself, JSON-escaped (jsonencode escapes <, > and & too), URL-encoded (urlencode) and base64 (base64encode).
 */
function embeddedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    json,
    json.replace(/[<>&\u2028\u2029]/g, htmlEscapes),
    ...urlEncodings(secret),
    ...base64Cores(secret).filter((core) => core.length >= MIN_BASE64_CORE),
  ];
}

/** As JavaScript and Go (url.QueryEscape) URL-encode it; none for a string with a lone surrogate, which cannot be. */
function urlEncodings(secret: string): string[] {
  let url: string;
  try {
    url = encodeURIComponent(secret);
  } catch {
    return [];
  }
  return [url, url.replace(/[!'()*]/g, hex).replaceAll('%20', '+')];
}

const SHIFT = 7;
const STARTS = 1 << (SHIFT * MIN_EMBEDDED_LENGTH);

/**
 * A hash of the MIN_EMBEDDED_LENGTH UTF-16 units ending at `index`, from the one ending before it: a
 * unit is shifted out after MIN_EMBEDDED_LENGTH steps. Forms sharing a hash are told apart by startsWith.
 */
const rolled = (hash: number, text: string, index: number) => ((hash << SHIFT) ^ text.charCodeAt(index)) & (STARTS - 1);

function startOf(form: string): number {
  let hash = 0;
  for (let index = 0; index < MIN_EMBEDDED_LENGTH; index++) hash = rolled(hash, form, index);
  return hash;
}

/**
 * Whether a string holds one of `secrets`: is one, or contains one (of 3 characters or more) in any
 * of its embedded forms. Forms are found by a hash of their first characters, so a long string costs
 * one array look-up per character (a map look-up where a form may start), however many secrets there are.
 */
export function findsSecrets(secrets: ReadonlySet<string>): (text: string) => boolean {
  const byStart = new Map<number, string[]>();
  const starts = new Uint8Array(STARTS);
  for (const secret of secrets) {
    if (secret.length < MIN_EMBEDDED_LENGTH) continue;
    for (const form of new Set(embeddedForms(secret))) {
      const start = startOf(form);
      starts[start] = 1;
      const forms = byStart.get(start);
      if (forms) forms.push(form);
      else byStart.set(start, [form]);
    }
  }
  return (text) => {
    if (secrets.has(text)) return true;
    if (byStart.size === 0) return false;
    let hash = 0;
    for (let index = 0; index < text.length; index++) {
      hash = rolled(hash, text, index);
      const start = index + 1 - MIN_EMBEDDED_LENGTH;
      if (start < 0 || starts[hash] === 0) continue;
      if (byStart.get(hash)!.some((form) => text.startsWith(form, start))) return true;
    }
    return false;
  };
}
