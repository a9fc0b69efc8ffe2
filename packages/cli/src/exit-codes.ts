/** Every exit code, here so the usage text and each command's module name them without loading the others. */
export const EXIT_NO_DRIFT = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;
/** `gate`: the change may not merge. */
export const EXIT_GATE_DENIED = 3;
/** `audit verify`: the log is intact (0), was tampered with (4), or could not be verified (1). */
export const EXIT_AUDIT_TAMPERED = 4;
/** `secrets check`: 0 clean, 2 findings, 1 error. */
export const EXIT_SECRETS_FOUND = 2;
