import { hostNamedByEnvironment } from '../trusted-host.js';
import {
  AWX_JOB_EVENTS_SOURCE,
  AWX_SOURCE,
  awxEventsFromPages,
  changesFromAnsibleResults,
  completeAwxRun,
  parseJsonText,
  UserError,
  utf8Text,
  type Environment,
  type SecretSink,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { networkWaits } from '@gitops-sync/core/network-waits';
import { readInputFile } from '../files.js';
import { silentProgress } from '../ports.js';
import { AwxApi, awxServerUrl, runAwxCheck } from './awx-client.js';
import type { DriftContext } from './drift.js';
import type { EnvironmentSource, EnvironmentSourceRequest, SavedResultSource } from './sources.js';

/** environments.<env>.awx: an AWX / Ansible Tower / AAP job template, run in check mode with diff. */
export type AwxSettings = NonNullable<Environment['awx']>;

const settingsAt = (environment: string) => `environments.${environment}.awx`;
/** Where the CI names its AWX / controller host, as the awx CLI and the ansible.controller collection read it. */
const AWX_HOST_VARIABLES = ['CONTROLLER_HOST', 'TOWER_HOST'];

/**
 * Changes from a finished job's events. They carry the source `awx`, so the Ansible severity rules
 * (which match `source: [ansible-check, awx]`) judge them as they judge an ansible-playbook check.
 */
export function changesFromAwxEvents(events: readonly unknown[], label: string, onSecret?: SecretSink): UnjudgedChange[] {
  const { results } = completeAwxRun(events, label);
  return changesFromAnsibleResults(results, { label, onSecret, source: AWX_SOURCE });
}

const templatePath = (jobTemplate: number | string) =>
  typeof jobTemplate === 'number' || /^\d+$/.test(jobTemplate) ? `/api/v2/job_templates/${jobTemplate}` : `/api/v2/job_templates/<id of ${JSON.stringify(jobTemplate)}>`;

export const awxEnvironmentSource: EnvironmentSource<AwxSettings> = {
  name: AWX_SOURCE,
  settingsOf: (environment) => environment.awx,
  describe(settings) {
    const server = settings.url.replace(/\/+$/, '');
    const fields = ['job_type: check', 'diff_mode: true', ...(settings.limit ? [`limit: ${settings.limit}`] : []), ...(settings.extra_vars ? ['extra_vars'] : [])];
    return [
      ...(templatePath(settings.job_template).includes('<') ? [`GET ${server}/api/v2/job_templates/?name=${encodeURIComponent(String(settings.job_template))}`] : []),
      `POST ${server}${templatePath(settings.job_template)}/launch/ {${fields.join(', ')}} (token from $${settings.token_env})`,
      `GET ${server}/api/v2/jobs/<id>/ until it finishes (at most ${settings.timeout_minutes} min), then GET ${server}/api/v2/jobs/<id>/job_events/ (every page)`,
    ];
  },
  async changes(settings: AwxSettings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]> {
    const at = settingsAt(request.environment);
    const env = context.env ?? process.env;
    const token = env[settings.token_env];
    if (!token) {
      throw new UserError(`${at} needs an AWX token: set ${settings.token_env} (a CI secret) to a token whose user may execute the job template and read its jobs.`);
    }
    context.onSecret?.(token);
    // token_env may name any variable and url any host; the token goes only to a host the CI names too.
    const server = awxServerUrl(settings.url, at);
    if (!hostNamedByEnvironment(server, env, AWX_HOST_VARIABLES)) {
      throw new UserError(
        `${at}.url names ${server.host}, which the CI environment does not: set CONTROLLER_HOST=${server.origin} beside ${settings.token_env} (the config may come from a pull request, so the token only goes to a host the CI names).`,
      );
    }
    const api = new AwxApi({ url: settings.url, token, tokenEnv: settings.token_env, settingsAt: at, requestTimeoutMs: networkWaits(env).requestTimeoutMs });
    const job = await runAwxCheck(
      api,
      {
        jobTemplate: settings.job_template,
        limit: settings.limit,
        extraVars: settings.extra_vars,
        timeoutMs: settings.timeout_minutes * 60_000,
        pollMs: settings.poll_seconds * 1000,
        progress: context.progress ?? silentProgress,
      },
      at,
    );
    return changesFromAwxEvents(job.events, `AWX job ${job.id} (${job.link})`, context.onSecret);
  },
};

const EVENTS_HINT = 'the JSON of GET /api/v2/jobs/<id>/job_events/ from AWX: one page, or a list of every page';

export const awxJobEventsSource: SavedResultSource = {
  name: AWX_JOB_EVENTS_SOURCE,
  hint: EVENTS_HINT,
  changes(path, options) {
    const text = utf8Text(readInputFile(path, `AWX job events (${EVENTS_HINT})`));
    const document = parseJsonText(text, (why) => new UserError(`${path} is not valid JSON (${why}); pass ${EVENTS_HINT}.`), 'cut short, or not JSON at all');
    return changesFromAwxEvents(awxEventsFromPages(document, path), path, options.onSecret);
  },
};
