/** Exit codes beyond 0 / 1 / 2, here so the usage text can name them without loading the commands. */
/** `gate`: the change may not merge. */
export const EXIT_GATE_DENIED = 3;
/** `audit verify`: the log is intact (0), was tampered with (4), or could not be verified (1). */
export const EXIT_AUDIT_TAMPERED = 4;
/** `secrets check`: 0 clean, 2 findings, 1 error. */
export const EXIT_SECRETS_FOUND = 2;
