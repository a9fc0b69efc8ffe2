/**
 * Shorter secrets are found only as a whole string: inside longer ones a short value ("admin", "app")
 * would turn up everywhere and mask, and make critical, half a report.
 */
const MIN_EMBEDDED_LENGTH = 8;
/** How many leading characters of a form the look-up hashes (at most what the shortest form has). */
const HASHED_UNITS = 3;
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
const STARTS = 1 << (SHIFT * HASHED_UNITS);

/**
 * A hash of the HASHED_UNITS UTF-16 units ending at `index`, from the one ending before it: a
 * unit is shifted out after HASHED_UNITS steps. Forms sharing a hash are told apart by startsWith.
 */
const rolled = (hash: number, text: string, index: number) => ((hash << SHIFT) ^ text.charCodeAt(index)) & (STARTS - 1);

function startOf(form: string): number {
  let hash = 0;
  for (let index = 0; index < HASHED_UNITS; index++) hash = rolled(hash, form, index);
  return hash;
}

/**
 * Whether a string holds one of `secrets`: is one, or contains one (of `minEmbedded` characters or
 * more, at least HASHED_UNITS) in any of its embedded forms. Forms are found by a hash of their first characters, so a long string costs
 * one array look-up per character (a map look-up where a form may start), however many secrets there are.
 */
export function findsSecrets(secrets: ReadonlySet<string>, minEmbedded = MIN_EMBEDDED_LENGTH): (text: string) => boolean {
  const byStart = new Map<number, string[]>();
  const starts = new Uint8Array(STARTS);
  for (const secret of secrets) {
    if (secret.length < Math.max(minEmbedded, HASHED_UNITS)) continue;
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
      const start = index + 1 - HASHED_UNITS;
      if (start < 0 || starts[hash] === 0) continue;
      if (byStart.get(hash)!.some((form) => text.startsWith(form, start))) return true;
    }
    return false;
  };
}
