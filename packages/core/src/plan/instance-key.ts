/*
 * A string instance key as Terraform writes it in a resource address, between `["` and `"]`
 * (addrs.StringKey, HCL's quoting): `\n`, `\r`, `\t`, `\"` and `\\` escaped, `$` and `%` doubled
 * before `{` (so the key is no template), and every character Go does not call printable (letters,
 * marks, numbers, punctuation, symbols and the ASCII space are) as `\uXXXX`, or `\UXXXXXXXX` past
 * the Basic Multilingual Plane. Which characters those are follows Go's Unicode tables: for a character
 * newer than one of them, terraformQuoted (by this Node's tables) and Terraform may differ; reading a
 * key back (terraformUnquoted) does not depend on them.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
/** Printable ASCII but `"` and `\`, with no `${` or `%{`: what Terraform writes as it is (most keys). */
const QUOTED_AS_IS = /^(?:[\x20\x21\x23\x26-\x5b\x5d-\x7e]|[$%](?!\{))*$/;
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
const UNESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A key as Terraform quotes it in an address, without the quotes. */
export function terraformQuoted(key: string): string {
  if (QUOTED_AS_IS.test(key)) return key;
  let quoted = '';
  let index = 0;
  for (const char of key) {
    index += char.length;
    if (ESCAPES[char]) quoted += ESCAPES[char];
    else if ((char === '$' || char === '%') && key[index] === '{') quoted += char + char;
    else if (PRINTABLE.test(char)) quoted += char;
    else {
      const code = char.codePointAt(0)!;
      quoted += code < 0x10000 ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return quoted;
}

/** A quoted key (without its quotes) as the key it stands for; an escape Terraform does not write is kept as written. */
export function terraformUnquoted(quoted: string): string {
  let key = '';
  for (let index = 0; index < quoted.length; index++) {
    const char = quoted[index];
    if ((char === '$' || char === '%') && quoted[index + 1] === char && quoted[index + 2] === '{') {
      key += char;
      index++;
      continue;
    }
    if (char !== '\\') {
      key += char;
      continue;
    }
    const next = quoted[index + 1];
    const digits = next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = quoted.slice(index + 2, index + 2 + digits);
    if (UNESCAPES[next] !== undefined) {
      key += UNESCAPES[next];
      index++;
    } else if (digits && /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits && Number.parseInt(hex, 16) <= 0x10ffff) {
      key += String.fromCodePoint(Number.parseInt(hex, 16));
      index += 1 + digits;
    } else key += char;
  }
  return key;
}
