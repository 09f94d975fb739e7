import { describe, expect, it } from 'vitest';
import { parseProject, projectPathFor, serializeProject, type ProjectFile } from '../../common/project-file';

const project: ProjectFile = {
  savedAt: '2026-01-02T03:04:05.000Z',
  video: { path: '/v/clip.mp4', name: 'clip.mp4', width: 640, height: 360, fps: 30, frameCount: 150 },
  settings: { tracker: 'nanotrack' },
  tracks: [{
    id: 1, name: 'car, "red"', colour: '#4cc9f0', visible: true, endFrame: 90,
    keyframes: [{ frame: 0, box: { x: 1.5, y: 2, w: 30, h: 40 } }],
    results: [{ frame: 1, box: { x: 2.25, y: 2, w: 30, h: 40 }, score: 0.91234, state: 'tracked' }, { frame: 2, box: { x: 3, y: 2, w: 30, h: 40 }, score: 0.1, state: 'lost' }],
  }],
};

describe('project file', () => {
  it('round-trips tracks, keyframes, results and settings', () => {
    const back = parseProject(serializeProject(project));
    expect(back.tracks[0].name).toBe('car, "red"');
    expect(back.tracks[0].keyframes).toEqual(project.tracks[0].keyframes);
    expect(back.tracks[0].results[0]).toEqual({ ...project.tracks[0].results[0], score: 0.912 });
    expect(back.tracks[0].results[1].state).toBe('lost');
    expect(back.tracks[0].endFrame).toBe(90);
    expect(back.settings.tracker).toBe('nanotrack');
  });

  it('keeps stale marks as a frame list, absent when there are none (older files read as before)', () => {
    const withStale: ProjectFile = { ...project, tracks: [{ ...project.tracks[0], results: project.tracks[0].results.map((r) => (r.frame === 2 ? { ...r, stale: true } : r)) }] };
    const text = serializeProject(withStale);
    expect(JSON.parse(text).tracks[0].stale).toEqual([2]);
    const back = parseProject(text);
    expect(back.tracks[0].results[1].stale).toBe(true);
    expect(back.tracks[0].results[0]).not.toHaveProperty('stale');
    expect(JSON.parse(serializeProject(project)).tracks[0]).not.toHaveProperty('stale');
    const raw = JSON.parse(text);
    raw.tracks[0].stale = ['two'];
    expect(() => parseProject(JSON.stringify(raw))).toThrow(/stale/);
  });

  it('lives next to the video', () => {
    expect(projectPathFor('/data/run 1/clip.final.mp4')).toBe('/data/run 1/clip.final.tracker.json');
    expect(projectPathFor('C:\\v\\clip.MOV')).toBe('C:\\v\\clip.tracker.json');
  });

  it('says why a file is not a project', () => {
    expect(() => parseProject('{"tracks": [')).toThrow(/not valid JSON/);
    expect(() => parseProject('{"format": "other"}')).toThrow(/not a valid project file: format/);
    const raw = JSON.parse(serializeProject(project));
    raw.tracks[0].keyframes[0] = [0, 1, 2, 'x', 4];
    expect(() => parseProject(JSON.stringify(raw))).toThrow(/tracks\.0\.keyframes\.0\.3/);
    raw.tracks = [JSON.parse(serializeProject(project)).tracks[0], JSON.parse(serializeProject(project)).tracks[0]];
    expect(() => parseProject(JSON.stringify(raw))).toThrow(/share an id/);
  });
});
