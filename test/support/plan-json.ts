/** Terraform plan JSON as `terraform show -json` writes it (format 1.2), for tests that read plans by hand. */

/** One resource_changes entry: an update of `address` (type.name) from `before` to `after`, with Terraform's sensitivity mask (both sides) and unknown mask. */
export function resourceUpdate(address: string, before: unknown, after: unknown, masks: { sensitive?: unknown; unknown?: unknown } = {}) {
  const [type, name] = address.split('.');
  return {
    address,
    mode: 'managed',
    type,
    name,
    change: { actions: ['update'], before, after, after_unknown: masks.unknown ?? {}, before_sensitive: masks.sensitive ?? {}, after_sensitive: masks.sensitive ?? {} },
  };
}

/** A plan holding these resource changes; `extra` adds top-level members (output_changes…). */
export function planJson(resourceChanges: readonly object[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: {}, resource_changes: resourceChanges, ...extra });
}
