import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import {
  CsvError, formatMotCsv, formatMultiTrackCsv, formatTrackCsv, parseTrackCsv, parseTrackRows,
  type TrackCsv, type TrackRow, type TrackSeries,
} from '../../common/csv';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
};

/** One line for the user out of a Node file-system error. */
function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code && REASONS[e.code]) return `${REASONS[e.code]} (${e.code})`;
  return String(e?.message ?? err).split('\n')[0];
}

/**
 * Write a text file so that readers see the old file or the whole new one, never a part:
 * write-file-atomic writes a temporary file beside the target, fsyncs it and renames it over
 * the target; on failure it removes the temporary file and the old file stays as it was.
 */
export async function writeTextFileAtomic(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, text, { encoding: 'utf8', fsync: true });
  } catch (err) {
    throw new CsvError(`cannot write ${path}: ${fsReason(err)}`);
  }
}

// Each writer formats (and so validates) everything before it touches the disk.

export async function writeTrackCsv(path: string, rows: readonly TrackRow[]): Promise<void> {
  await writeTextFileAtomic(path, formatTrackCsv(rows));
}

export async function writeMultiTrackCsv(path: string, tracks: readonly TrackSeries[]): Promise<void> {
  await writeTextFileAtomic(path, formatMultiTrackCsv(tracks));
}

export async function writeMotCsv(path: string, tracks: readonly TrackSeries[]): Promise<void> {
  await writeTextFileAtomic(path, formatMotCsv(tracks));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CsvError(`cannot read ${path}: ${fsReason(err)}`);
  }
}

/** Parse errors carry the file's path in front of their line and column. */
function withPath<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof CsvError) throw new CsvError(`${path}: ${err.message}`, err.line, err.column);
    throw err;
  }
}

/** Read and validate a track CSV (single or multi-track). */
export async function readTrackCsv(path: string): Promise<TrackCsv> {
  const text = await readText(path);
  return withPath(path, () => parseTrackCsv(text));
}

/** Read a CSV that holds one track. */
export async function readTrackRows(path: string): Promise<TrackRow[]> {
  const text = await readText(path);
  return withPath(path, () => parseTrackRows(text));
}
