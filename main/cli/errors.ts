export { UsageError } from '../usage-error';

/** Errors that carry a user-facing message (ours and the services'); anything else is a bug. */
const KNOWN = new Set(['UsageError', 'VideoError', 'ModelError', 'CsvError', 'SequenceError', 'CommanderError']);

/** One line for the user; the stack only when TRACKER_DEBUG is set. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const firstLine = (err.message || String(err)).split('\n')[0].trim();
    return KNOWN.has(err.name) ? firstLine : `${firstLine} (internal error; set TRACKER_DEBUG=1 for details)`;
  }
  return String(err).split('\n')[0];
}

export function exitCodeFor(err: unknown): number {
  return err instanceof Error && err.name === 'UsageError' ? 2 : 1;
}
