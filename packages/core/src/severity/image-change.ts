/**
 * How a container image reference changed, for rules that care: digest pins and registries (or repositories) matter more than tags.
 * `digest`: pinned on both sides, to different digests — a routine bump in Git, but on the live side an image Git never pinned.
 */
export type ImageChange = 'unpinned' | 'registry' | 'digest' | 'tag';

interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
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
  const registry = isRegistry ? (DOCKER_HUB_NAMES.has(first) ? 'docker.io' : first) : 'docker.io';
  const repository = colon < 0 ? rest : rest.slice(0, colon);
  const tag = colon < 0 ? undefined : rest.slice(colon + 1);
  // Docker Hub's official images: `nginx` is `library/nginx`.
  return { registry, repository: registry === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository, tag, digest };
}

/** Names of Docker Hub as image references spell it. */
const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Undefined when either side is not an image reference or nothing but the tag's text is the same. */
export function classifyImageChange(before: unknown, after: unknown): ImageChange | undefined {
  if (typeof before !== 'string' || typeof after !== 'string' || !before || !after || before === after) return undefined;
  const from = parseImage(before);
  const to = parseImage(after);
  // No tag and no digest is the mutable `latest`: off any pin.
  if ((from.digest && !to.digest) || ((from.digest || from.tag) && !to.digest && !to.tag)) return 'unpinned';
  // Another repository is another publisher's image, as another registry is: a tag bump never moves it.
  if (from.registry !== to.registry || from.repository !== to.repository) return 'registry';
  // `repo@sha256:a` → `repo:1.4@sha256:b`: the tag text is no reason to read it as a tag change.
  if (from.digest && to.digest && from.digest !== to.digest) return 'digest';
  return 'tag';
}
