import { UserError } from '../errors.js';

/** The default audit period: the last 90 days. */
export const DEFAULT_AUDIT_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO date (a whole day in UTC: its start for --since, its last millisecond for --until, as events
 * keep milliseconds and the next period starts at the next day's 00:00) or an ISO date-time with an offset.
 */
function isoInstant(flag: '--since' | '--until', text: string): Date {
  const date = DATE.test(text) ? new Date(`${text}T${flag === '--since' ? '00:00:00.000' : '23:59:59.999'}Z`) : DATE_TIME.test(text) ? new Date(text) : undefined;
  // new Date() rolls 2026-02-30 over to March (with a time too): a day that does not come back the same does not exist.
  const day = text.slice(0, 10);
  if (!date || Number.isNaN(date.getTime()) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new UserError(`${flag} ${JSON.stringify(text)} is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).`);
  }
  return date;
}

/** The period `audit export` covers: --since / --until, by default the 90 days up to now. */
export function auditPeriod(since: string | undefined, until: string | undefined, now: Date): { since: string; until: string } {
  const end = until === undefined ? now : isoInstant('--until', until);
  const start = since === undefined ? new Date(end.getTime() - DEFAULT_AUDIT_DAYS * DAY_MS) : isoInstant('--since', since);
  if (start.getTime() > end.getTime()) throw new UserError(`--since ${since ?? start.toISOString()} is after --until ${until ?? end.toISOString()}; the period must start before it ends.`);
  return { since: start.toISOString(), until: end.toISOString() };
}
