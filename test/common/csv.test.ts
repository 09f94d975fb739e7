import { describe, expect, it } from 'vitest';
import {
  CsvError, formatMotCsv, formatMultiTrackCsv, formatTrackCsv, parseTrackCsv, parseTrackRows, toTrackRow,
  type TrackRow, type TrackSeries,
} from '../../common/csv';

const rows: TrackRow[] = [
  toTrackRow(10, 10 / 30, { x: 128, y: 79, w: 64, h: 78 }, 1, 'init'),
  toTrackRow(11, 11 / 30, { x: -3.14159, y: 80.006, w: 63.5, h: 77.25 }, 0.87654321, 'tracked'),
  toTrackRow(12, 0.4, { x: 500, y: 500, w: 10, h: 10 }, 0.05, 'lost'),
];

const HEADER = 'frame,time_s,x,y,w,h,score,state';

function errorOf(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    return err as CsvError;
  }
  throw new Error('expected a CsvError');
}

describe('track CSV writing', () => {
  it('writes the fixed columns with 3/2/4 decimals and empty box fields for a lost frame', () => {
    expect(formatTrackCsv(rows)).toBe([
      HEADER,
      '10,0.333,128.00,79.00,64.00,78.00,1.0000,init',
      '11,0.367,-3.14,80.01,63.50,77.25,0.8765,tracked',
      '12,0.400,,,,,0.0500,lost',
      '',
    ].join('\n'));
  });

  it('drops the box of a lost row, never a "-0.00"', () => {
    expect(rows[2].box).toBeNull();
    expect(formatTrackCsv([toTrackRow(0, 0, { x: -0.001, y: 0, w: 1, h: 1 }, 0, 'tracked')])).toContain('\n0,0.000,0.00,0.00,');
  });

  it('refuses rows that cannot be read back', () => {
    expect(errorOf(() => formatTrackCsv([{ ...rows[1], score: 1.5 }])).message).toMatch(/frame 11: score 1.5 is outside \[0,1\]/);
    expect(errorOf(() => formatTrackCsv([{ ...rows[1], box: null }])).message).toMatch(/tracked row must have a box/);
    expect(errorOf(() => formatTrackCsv([{ ...rows[1], frame: -1 }])).message).toMatch(/not a 0-based frame index/);
  });

  it('writes only the header for no rows', () => {
    expect(formatTrackCsv([])).toBe(`${HEADER}\n`);
  });
});

describe('track CSV reading', () => {
  it('round-trips rows at the written precision', () => {
    const back = parseTrackRows(formatTrackCsv(rows));
    expect(back).toEqual([
      { frame: 10, timeS: 0.333, box: { x: 128, y: 79, w: 64, h: 78 }, score: 1, state: 'init' },
      { frame: 11, timeS: 0.367, box: { x: -3.14, y: 80.01, w: 63.5, h: 77.25 }, score: 0.8765, state: 'tracked' },
      { frame: 12, timeS: 0.4, box: null, score: 0.05, state: 'lost' },
    ]);
  });

  it('accepts a BOM, CRLF line ends and blank lines', () => {
    const text = `\uFEFF${HEADER}\r\n0,0,1,2,3,4,1,init\r\n\r\n1,0.033,,,,,0.2,lost\r\n`;
    const back = parseTrackRows(text);
    expect(back.map((r) => r.state)).toEqual(['init', 'lost']);
    expect(back[0].box).toEqual({ x: 1, y: 2, w: 3, h: 4 });
  });

  it('names the line and the column of a bad cell', () => {
    const cases: [string, RegExp][] = [
      [`${HEADER}\n0,0,1,2,3,4,1,init\n1,0.1,abc,2,3,4,1,tracked\n`, /^line 3, column 3 \(x\): "abc" is not a number$/],
      [`${HEADER}\n0,0,1,2,3,4,1,init\n\n1,0.1,,,,,0.5,tracked\n`, /^line 4, column 3 \(x\): is empty, expected a number$/],
      [`${HEADER}\n0,0,1,2,3,4,1,init\n1,0.1,1,2,3,4,0.5,lost\n`, /^line 3, column 3 \(x\): must be empty when the state is lost$/],
      [`${HEADER}\n0,0,1,2,3,4,1.2,init\n`, /^line 2, column 7 \(score\): 1.2 is above 1$/],
      [`${HEADER}\n0,0,1,2,-3,4,1,init\n`, /^line 2, column 5 \(w\): -3 is below 0$/],
      [`${HEADER}\n0.5,0,1,2,3,4,1,init\n`, /^line 2, column 1 \(frame\): 0.5 is not a whole number$/],
      [`${HEADER}\n0,0,1,2,3,4,1,found\n`, /^line 2, column 8 \(state\): "found" is not one of init\|tracked\|lost$/],
      [`${HEADER}\n3,0,1,2,3,4,1,init\n3,0,1,2,3,4,1,tracked\n`, /^line 3, column 1 \(frame\): frame 3 comes after frame 3/],
      [`${HEADER}\n0,0,1,2,3,4,1\n`, /^line 2: expected 8 fields, found 7$/],
      [`${HEADER}\n0,0,1,2,3,4,1,"init\n`, /^line 2: quoted field unterminated$/],
      ['frame;time_s;x;y;w;h;score;state\n', /^line 1: expected the header "frame,time_s,x,y,w,h,score,state"/],
      ['', /the CSV is empty/],
    ];
    for (const [text, want] of cases) {
      const err = errorOf(() => parseTrackCsv(text));
      expect(err.message, text).toMatch(want);
      expect(err.message).not.toContain('\n');
    }
    const err = errorOf(() => parseTrackCsv(cases[0][0]));
    expect([err.line, err.column]).toEqual([3, 3]);
  });
});

describe('multi-track CSV', () => {
  const tracks: TrackSeries[] = [
    { id: 1, name: 'car, "red" one', rows: rows.slice(0, 2) },
    { id: 2, name: 'person\nsecond line', rows: [toTrackRow(11, 0.367, { x: 5, y: 6, w: 7, h: 8 }, 1, 'init'), rows[2]] },
  ];

  it('quotes names with commas, quotes and line breaks and reads them back', () => {
    const text = formatMultiTrackCsv(tracks);
    expect(text.split('\n')[0]).toBe(`track_id,track_name,${HEADER}`);
    expect(text).toContain('1,"car, ""red"" one",10,0.333,128.00,');
    const back = parseTrackCsv(text);
    expect(back.multiTrack).toBe(true);
    expect(back.tracks.map((t) => [t.id, t.name, t.rows.length])).toEqual([[1, 'car, "red" one', 2], [2, 'person\nsecond line', 2]]);
    expect(back.tracks[1].rows[1]).toEqual({ frame: 12, timeS: 0.4, box: null, score: 0.05, state: 'lost' });
  });

  it('counts lines inside quoted names when it reports an error', () => {
    const text = `${formatMultiTrackCsv(tracks)}2,"person\nsecond line",13,0.5,1,2,3,4,2,tracked\n`;
    // 1 header + 2 rows + 2 rows of 2 lines each: the bad row starts on line 8.
    expect(errorOf(() => parseTrackCsv(text)).message).toMatch(/^line 8, column 9 \(score\): 2 is above 1$/);
  });

  it('rejects one id under two names', () => {
    const text = `track_id,track_name,${HEADER}\n1,a,0,0,1,2,3,4,1,init\n1,b,1,0.1,1,2,3,4,1,tracked\n`;
    expect(errorOf(() => parseTrackCsv(text)).message).toBe('line 3, column 2 (track_name): track 1 is named "a" on line 2, "b" here');
  });

  it('gives a single-track file as one track, and refuses many tracks where one is expected', () => {
    expect(parseTrackCsv(formatTrackCsv(rows))).toMatchObject({ multiTrack: false, tracks: [{ id: 1, name: '' }] });
    expect(errorOf(() => parseTrackRows(formatMultiTrackCsv(tracks))).message).toMatch(/holds 2 tracks \(ids 1, 2\), expected one/);
  });
});

describe('MOT Challenge output', () => {
  it('writes 1-based frames sorted by frame then id, with -1 placeholders, and leaves lost frames out', () => {
    const text = formatMotCsv([
      { id: 2, name: 'b', rows: [toTrackRow(10, 0, { x: 1, y: 2, w: 3, h: 4 }, 1, 'init'), toTrackRow(11, 0, { x: 0, y: 0, w: 1, h: 1 }, 0.1, 'lost')] },
      { id: 1, name: 'a', rows: [toTrackRow(10, 0, { x: 5, y: 6, w: 7, h: 8 }, 1, 'init'), toTrackRow(11, 0, { x: 5.5, y: 6, w: 7, h: 8 }, 0.75, 'tracked')] },
    ]);
    expect(text).toBe([
      '11,1,5.00,6.00,7.00,8.00,1.0000,-1,-1,-1',
      '11,2,1.00,2.00,3.00,4.00,1.0000,-1,-1,-1',
      '12,1,5.50,6.00,7.00,8.00,0.7500,-1,-1,-1',
      '',
    ].join('\n'));
  });
});
