import { maskedInText, UserError } from '@gitops-sync/core';
import type { z } from 'zod';
import { BOT_LOGIN_VARIABLE, type ActionIO } from '@gitops-sync/platforms';
import { warningOf } from '@gitops-sync/engine';

/**
 * Reads every input of `schema` once, fills in `defaults` for empty ones and validates; a bad value
 * becomes one sentence naming the input (`explain` may word it better for a particular input).
 */
/** Inputs whose value may carry a credential (a token; a URL with user:password in it): named in an error, never quoted. */
const mayHoldCredential = (name: string) => name === 'token' || /(^|-)url$/.test(name);

export function readActionInputs<T extends z.ZodObject>(
  io: ActionIO,
  schema: T,
  defaults: Partial<Record<keyof z.infer<T>, string>>,
  explain: (name: string, value: string) => string | undefined = () => undefined,
): z.infer<T> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, io.getInput(name) || defaults[name as keyof z.infer<T>] || '']));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue.path[0]);
  const quoted = mayHoldCredential(name) ? '' : ` (${JSON.stringify(raw[name])})`;
  throw new UserError(explain(name, raw[name]) ?? `Input ${name} is invalid${quoted}: ${issue.message}.`);
}

/** Masks a secret in the log and redacts it from every message the action writes. */
export function secretSink(io: ActionIO, redact: (secret: string) => void): (secret: string) => void {
  const masked = new Set<string>();
  return (secret) => {
    if (masked.has(secret) || !maskedInText(secret)) return;
    masked.add(secret);
    redact(secret);
    io.setSecret(secret);
  };
}

/**
 * The environment the platform adapters read: the `token` input over GITHUB_TOKEN, and the
 * `bot-login` input (the GitHub App bot that token acts as) over GITOPS_SYNC_BOT_LOGIN.
 */
export function tokenEnvironment(io: ActionIO, inputs: { token: string; 'bot-login': string }): NodeJS.ProcessEnv {
  return { ...io.env, GITHUB_TOKEN: inputs.token || io.env.GITHUB_TOKEN, [BOT_LOGIN_VARIABLE]: inputs['bot-login'] || io.env[BOT_LOGIN_VARIABLE] };
}

/** The engine's progress as the job log shows it: each step a line, a step that is a warning an annotation. */
export function actionProgress(io: ActionIO): { step: (message: string) => void } {
  return {
    step: (message) => {
      const warning = warningOf(message);
      if (warning === undefined) io.info(message);
      else io.warning(warning);
    },
  };
}
