import Papa from 'papaparse/papaparse.js';
import type { Box } from './box';

/**
 * The track CSV, one row per frame:  frame,time_s,x,y,w,h,score,state
 * - frame: 0-based frame index; time_s: the frame's presentation time in seconds
 * - x,y,w,h: 0-based top-left corner and size in pixels, EMPTY when state is lost
 * - score: confidence in [0,1]; state: init (the box the user gave) | tracked | lost
 * The multi-track variant puts track_id,track_name in front (names may hold commas, quotes,
 * line breaks: Papa Parse does the quoting). MOT Challenge output is write-only.
 */
export type RowState = 'init' | 'tracked' | 'lost';
export const ROW_STATES: readonly RowState[] = ['init', 'tracked', 'lost'];

export interface TrackRow {
  frame: number;
  timeS: number;
  /** null exactly when state is 'lost'. */
  box: Box | null;
  score: number;
  state: RowState;
}

/** One named track; ids are non-negative integers (give 1-based ids where MOT tools read them). */
export interface TrackSeries {
  id: number;
  name: string;
  rows: TrackRow[];
}

/** A parsed CSV: a single-track file gives one series with id 1 and an empty name. */
export interface TrackCsv {
  multiTrack: boolean;
  tracks: TrackSeries[];
}

export const TRACK_COLUMNS = ['frame', 'time_s', 'x', 'y', 'w', 'h', 'score', 'state'] as const;
export const MULTI_TRACK_COLUMNS = ['track_id', 'track_name', ...TRACK_COLUMNS] as const;
/** Decimals written: time to the millisecond, boxes to 1/100 px, scores to 1e-4. */
export const CSV_DECIMALS = { time: 3, box: 2, score: 4 } as const;

/** A CSV that cannot be written or read; the message names the line and column when there is one. */
export class CsvError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'CsvError';
  }
}

/** The row for a frame: a lost target keeps no box (the tracker's guess is not a position). */
export function toTrackRow(frame: number, timeS: number, box: Box, score: number, state: RowState): TrackRow {
  return { frame, timeS, box: state === 'lost' ? null : { ...box }, score, state };
}

// ---------------------------------------------------------------- writing

function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // no "-0.00"
}

/** What keeps a row from being written (and read back), or null when it is fine. */
export function trackRowProblem(r: TrackRow): string | null {
  if (!Number.isInteger(r.frame) || r.frame < 0) return `frame ${r.frame} is not a 0-based frame index`;
  if (!Number.isFinite(r.timeS) || r.timeS < 0) return `time ${r.timeS} is not a time in seconds`;
  if (!Number.isFinite(r.score) || r.score < 0 || r.score > 1) return `score ${r.score} is outside [0,1]`;
  if (!ROW_STATES.includes(r.state)) return `state "${r.state}" is not one of ${ROW_STATES.join('|')}`;
  if ((r.state === 'lost') !== (r.box === null)) return `a ${r.state} row must ${r.box ? 'not ' : ''}have a box`;
  const b = r.box;
  if (b && ![b.x, b.y, b.w, b.h].every(Number.isFinite)) return 'box has a non-numeric value';
  if (b && (b.w < 0 || b.h < 0)) return `box has a negative size (${b.w}x${b.h})`;
  return null;
}

function rowCells(r: TrackRow): string[] {
  const problem = trackRowProblem(r);
  if (problem) throw new CsvError(`cannot write the row of frame ${r.frame}: ${problem}`);
  const d = CSV_DECIMALS;
  const b = r.box;
  const box = b ? [b.x, b.y, b.w, b.h].map((v) => fixed(v, d.box)) : ['', '', '', ''];
  return [String(r.frame), fixed(r.timeS, d.time), ...box, fixed(r.score, d.score), r.state];
}

function unparse(fields: readonly string[], data: string[][]): string {
  const text = Papa.unparse({ fields: [...fields], data }, { delimiter: ',', newline: '\n' });
  return `${text.replace(/\n+$/, '')}\n`; // Papa ends a header-only table with a line break already
}

export function formatTrackCsv(rows: readonly TrackRow[]): string {
  return unparse(TRACK_COLUMNS, rows.map(rowCells));
}

export function formatMultiTrackCsv(tracks: readonly TrackSeries[]): string {
  const data: string[][] = [];
  for (const t of tracks) {
    if (!Number.isInteger(t.id) || t.id < 0) throw new CsvError(`cannot write track id ${t.id}: ids are non-negative integers`);
    for (const r of t.rows) data.push([String(t.id), t.name, ...rowCells(r)]);
  }
  return unparse(MULTI_TRACK_COLUMNS, data);
}

/**
 * MOT Challenge text: frame (1-based), id, x, y, w, h, conf, -1, -1, -1; sorted by frame then id.
 * Boxes stay in this project's 0-based pixels. Lost frames have no box and are left out.
 */
export function formatMotCsv(tracks: readonly TrackSeries[]): string {
  const lines: { frame: number; id: number; text: string }[] = [];
  for (const t of tracks) {
    for (const r of t.rows) {
      const cells = rowCells(r); // validates
      if (!r.box) continue;
      lines.push({ frame: r.frame, id: t.id, text: [String(r.frame + 1), String(t.id), ...cells.slice(2, 7), '-1', '-1', '-1'].join(',') });
    }
  }
  lines.sort((a, b) => a.frame - b.frame || a.id - b.id);
  return lines.map((l) => `${l.text}\n`).join('');
}

// ---------------------------------------------------------------- reading

interface RawRow {
  cells: string[];
  line: number;
}

/** Rows with the 1-based line each starts on (quoted line breaks make rows and lines differ). */
function splitRows(text: string): RawRow[] {
  const rows: RawRow[] = [];
  let start = 0;
  let line = 1;
  Papa.parse(text, {
    delimiter: ',',
    step: (res) => {
      const quoteError = res.errors.find((e) => e.type === 'Quotes');
      if (quoteError) throw new CsvError(`line ${line}: ${quoteError.message.toLowerCase()}`, line);
      rows.push({ cells: res.data, line });
      for (let i = start; i < res.meta.cursor && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
      start = res.meta.cursor;
    },
  });
  return rows.filter((r) => !(r.cells.length === 1 && r.cells[0].trim() === ''));
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell's text for a one-line message: JSON-quoted (line breaks escaped), cut short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

/** Reads typed cells of one row; every complaint names the line and the column. */
class CellReader {
  constructor(private readonly row: RawRow, private readonly columns: readonly string[]) {}

  fail(col: number, message: string): never {
    throw new CsvError(`line ${this.row.line}, column ${col + 1} (${this.columns[col]}): ${message}`, this.row.line, col + 1);
  }

  text(col: number): string {
    return this.row.cells[col];
  }

  isEmpty(col: number): boolean {
    return this.row.cells[col].trim() === '';
  }

  number(col: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
    const cell = this.row.cells[col].trim();
    if (cell === '') this.fail(col, 'is empty, expected a number');
    if (!NUMBER.test(cell)) this.fail(col, `${quote(cell)} is not a number`);
    const v = Number(cell);
    if (opts.integer && !Number.isInteger(v)) this.fail(col, `${cell} is not a whole number`);
    if (opts.min !== undefined && v < opts.min) this.fail(col, `${cell} is below ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) this.fail(col, `${cell} is above ${opts.max}`);
    return v;
  }
}

/** The eight track columns, starting at column `at`. */
function readTrackRow(r: CellReader, at: number): TrackRow {
  const frame = r.number(at, { integer: true, min: 0 });
  const timeS = r.number(at + 1, { min: 0 });
  const stateText = r.text(at + 7).trim();
  if (!ROW_STATES.includes(stateText as RowState)) {
    r.fail(at + 7, `${quote(stateText)} is not one of ${ROW_STATES.join('|')}`);
  }
  const state = stateText as RowState;
  const score = r.number(at + 6, { min: 0, max: 1 });
  let box: Box | null = null;
  if (state === 'lost') {
    for (let c = at + 2; c < at + 6; c++) if (!r.isEmpty(c)) r.fail(c, 'must be empty when the state is lost');
  } else {
    const [x, y, w, h] = [2, 3, 4, 5].map((k) => r.number(at + k, k >= 4 ? { min: 0 } : {}));
    box = { x, y, w, h };
  }
  return { frame, timeS, box, score, state };
}

function headerOf(row: RawRow | undefined): string | null {
  return row ? row.cells.map((c) => c.trim()).join(',') : null;
}

/** Parse and validate a track CSV (single or multi-track). Throws CsvError naming line and column. */
export function parseTrackCsv(text: string): TrackCsv {
  const rows = splitRows(text.replace(/^\uFEFF/, ''));
  const header = headerOf(rows[0]);
  if (header === null) throw new CsvError('the CSV is empty: expected a header line');
  const multiTrack = header === MULTI_TRACK_COLUMNS.join(',');
  if (!multiTrack && header !== TRACK_COLUMNS.join(',')) {
    throw new CsvError(`line ${rows[0].line}: expected the header "${TRACK_COLUMNS.join(',')}" `
      + `(or with track_id,track_name in front), found ${quote(header)}`, rows[0].line);
  }
  const columns = multiTrack ? MULTI_TRACK_COLUMNS : TRACK_COLUMNS;
  const byId = new Map<number, TrackSeries & { nameLine: number }>();
  for (const raw of rows.slice(1)) {
    if (raw.cells.length !== columns.length) {
      throw new CsvError(`line ${raw.line}: expected ${columns.length} fields, found ${raw.cells.length}`, raw.line);
    }
    const r = new CellReader(raw, columns);
    const id = multiTrack ? r.number(0, { integer: true, min: 0 }) : 1;
    const name = multiTrack ? r.text(1) : '';
    const row = readTrackRow(r, multiTrack ? 2 : 0);
    let track = byId.get(id);
    if (!track) {
      track = { id, name, rows: [], nameLine: raw.line };
      byId.set(id, track);
    } else if (track.name !== name) {
      r.fail(1, `track ${id} is named ${quote(track.name)} on line ${track.nameLine}, ${quote(name)} here`);
    }
    const prev = track.rows[track.rows.length - 1];
    if (prev && row.frame <= prev.frame) {
      r.fail(multiTrack ? 2 : 0, `frame ${row.frame} comes after frame ${prev.frame} of the same track (frames must increase)`);
    }
    track.rows.push(row);
  }
  const tracks = [...byId.values()].map(({ id, name, rows: trackRows }) => ({ id, name, rows: trackRows }));
  return { multiTrack, tracks };
}

/** The rows of a file that holds one track (single-track CSV, or a multi-track CSV with one track). */
export function parseTrackRows(text: string): TrackRow[] {
  const csv = parseTrackCsv(text);
  if (csv.tracks.length > 1) {
    throw new CsvError(`the CSV holds ${csv.tracks.length} tracks (ids ${csv.tracks.map((t) => t.id).join(', ')}), expected one`);
  }
  return csv.tracks[0]?.rows ?? [];
}
