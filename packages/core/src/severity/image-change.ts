/** How a container image reference changed, for rules that care: digest pins and registries matter more than tags. */
export type ImageChange = 'unpinned' | 'registry' | 'tag';

interface ImageRef {
  registry: string;
  repository: string;
  digest?: string;
}

/** `[registry/]repository[:tag][@digest]`; Docker's rule: the first segment is a registry when it has a `.` or `:` or is localhost. */
function parseImage(reference: string): ImageRef {
  const [name, digest] = reference.split('@', 2);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const rest = isRegistry ? name.slice(slash + 1) : name;
  const colon = rest.lastIndexOf(':');
  return { registry: isRegistry ? first : 'docker.io', repository: colon < 0 ? rest : rest.slice(0, colon), digest };
}

/** Undefined when either side is not an image reference or nothing but the tag's text is the same. */
export function classifyImageChange(before: unknown, after: unknown): ImageChange | undefined {
  if (typeof before !== 'string' || typeof after !== 'string' || !before || !after || before === after) return undefined;
  const from = parseImage(before);
  const to = parseImage(after);
  if (from.digest && !to.digest) return 'unpinned';
  if (from.registry !== to.registry) return 'registry';
  return 'tag';
}
