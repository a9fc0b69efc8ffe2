/** Written in place of a value that must never leave its source. */
export const SENSITIVE = '(sensitive)';
/** Written in place of a value Terraform only knows once the plan is applied. */
export const KNOWN_AFTER_APPLY = '(known after apply)';
