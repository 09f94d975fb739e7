/**
 * Files the analyst reads and writes: the project next to the video (save/open), main's
 * autosave copy (every 2 s while there are changes, so a crash loses at most a few seconds; spaced
 * out for huge projects, see autosaveSpacingMs),
 * CSV export (one track or all, with track_id,track_name in front), MOT export and CSV import.
 */
import { createSignal, onCleanup } from 'solid-js';
import { formatMotCsv, formatMultiTrackCsv, formatTrackCsv, parseTrackCsv, type TrackSeries } from '../../common/csv';
import type { VideoInfo } from '../../common/contract';
import { parseProject, projectPathFor, serializeProject, type ProjectFile } from '../../common/project-file';
import { messageOf } from '../state/notices';
import { trackFromSeries, trackRows, type Track } from '../state/tracks';
import { besideVideo, CSV_FILTERS, MOT_FILTERS, pickPath, PROJECT_FILTERS, type Ctx } from './context';

const AUTOSAVE_EVERY_MS = 2000;
/** Most of the page's main thread that autosaving may take. */
const AUTOSAVE_MAX_SHARE = 0.025;

/**
 * How long after an autosave that held the main thread `costMs` (serialising and sending the
 * project) the next may start: every AUTOSAVE_EVERY_MS for a usual project; a huge one is spaced out
 * so autosaving stays under AUTOSAVE_MAX_SHARE of the page's time (an hour of tracked 30 fps frames
 * takes ~150 ms to serialise here: every 6 s instead of a 150 ms stall every 2 s while tracking).
 */
export function autosaveSpacingMs(costMs: number): number {
  return Math.max(AUTOSAVE_EVERY_MS, costMs / AUTOSAVE_MAX_SHARE);
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'track';
}

export function createFilesController(ctx: Ctx) {
  const { bridge, session, notices } = ctx;
  const [projectPath, setProjectPath] = createSignal<string | null>(null);
  const [autosavedAt, setAutosavedAt] = createSignal<number | null>(null);
  let autosavedVersion = -1;

  const timeOf = (frame: number) => {
    const v = session.video();
    return v?.frameTimesS?.[frame] ?? frame / (v?.fps || 30);
  };
  const series = (t: Track): TrackSeries => ({ id: t.id, name: t.name, rows: trackRows(t, timeOf) });

  async function writeText(path: string, text: string, what: string) {
    const r = await bridge.invoke('fs:write-text', { path, text });
    notices.success(`${what} saved to ${r.path}`);
    return r.path;
  }

  const timer = setInterval(() => void autosave(), AUTOSAVE_EVERY_MS);
  onCleanup(() => clearInterval(timer));

  let notBefore = 0;

  /** Write main's autosave copy if anything changed since the last one; `now` skips the spacing (leaving the page). */
  async function autosave(now = false) {
    const v = session.video();
    const version = session.version();
    if (!v || version === autosavedVersion || session.tracks().length === 0) return;
    if (!now && performance.now() < notBefore) return;
    try {
      const t0 = performance.now();
      const written = bridge.invoke('project:autosave', { videoPath: v.path, text: serializeProject(session.toProject()) });
      // Ticks come every AUTOSAVE_EVERY_MS: the first one at least the spacing after this start runs.
      notBefore = t0 + autosaveSpacingMs(performance.now() - t0) - AUTOSAVE_EVERY_MS / 2;
      const r = await written;
      autosavedVersion = version;
      setAutosavedAt(r.savedAt);
    } catch {
      /* the next tick tries again; a lasting failure shows in the status bar's age */
    }
  }

  /** After a video opens: load its project file, or a newer autosave (crash recovery). */
  async function loadForVideo(info: VideoInfo) {
    setProjectPath(null);
    setAutosavedAt(null);
    autosavedVersion = 0;
    let saved: ProjectFile | null = null;
    const sidecar = projectPathFor(info.path);
    try {
      saved = parseProject((await bridge.invoke('fs:read-text', { path: sidecar })).text);
      setProjectPath(sidecar);
    } catch {
      saved = null; // no project next to the video (or not readable): start empty
    }
    let recovered: ProjectFile | null = null;
    try {
      const r = await bridge.invoke('project:recover', { videoPath: info.path });
      if (r.text) recovered = parseProject(r.text);
    } catch {
      recovered = null;
    }
    try {
      if (recovered && (!saved || recovered.savedAt > saved.savedAt) && recovered.tracks.length) {
        session.loadProject(recovered);
        session.changed(); // unsaved relative to the project file
        notices.info(`Recovered unsaved work from ${new Date(recovered.savedAt).toLocaleString()}.`);
      } else if (saved) {
        session.loadProject(saved);
        notices.info(`Loaded the project ${sidecar.split(/[\\/]/).pop()}.`);
      }
      autosavedVersion = session.version();
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  return {
    projectPath, autosavedAt, loadForVideo, autosave,
    async saveProject(choose = false) {
      const v = session.video();
      if (!v) return;
      try {
        let path = choose ? null : projectPath();
        path ??= await pickPath(ctx, 'save', 'Save the project', PROJECT_FILTERS, projectPathFor(v.path));
        if (!path) return;
        setProjectPath(await writeText(path, serializeProject(session.toProject()), 'Project'));
        session.markSaved();
      } catch (e) {
        notices.error(`Could not save the project: ${messageOf(e)}`);
      }
    },
    async openProject() {
      const path = await pickPath(ctx, 'open', 'Open a project', PROJECT_FILTERS);
      if (!path) return;
      try {
        session.loadProject(parseProject((await bridge.invoke('fs:read-text', { path })).text));
        setProjectPath(path);
      } catch (e) {
        notices.error(`Could not open the project: ${messageOf(e)}`);
      }
    },
    async exportCsv(scope: 'selected' | 'all') {
      const v = session.video();
      const tracks = scope === 'all' ? session.tracks() : [session.selected()].filter((t): t is Track => !!t);
      if (!v || tracks.length === 0) return notices.info('There is no track to export.');
      const suffix = scope === 'all' ? '.tracks.csv' : `.${safeName(tracks[0].name)}.csv`;
      const path = await pickPath(ctx, 'save', scope === 'all' ? 'Export all tracks as CSV' : 'Export the track as CSV', CSV_FILTERS, besideVideo(v.path, suffix));
      if (!path) return;
      try {
        const text = scope === 'all' ? formatMultiTrackCsv(tracks.map(series)) : formatTrackCsv(series(tracks[0]).rows);
        await writeText(path, text, 'CSV');
      } catch (e) {
        notices.error(`Could not export: ${messageOf(e)}`);
      }
    },
    async exportMot() {
      const v = session.video();
      if (!v || session.tracks().length === 0) return notices.info('There is no track to export.');
      const path = await pickPath(ctx, 'save', 'Export MOT', MOT_FILTERS, besideVideo(v.path, '.mot.txt'));
      if (!path) return;
      try {
        await writeText(path, formatMotCsv(session.tracks().map(series)), 'MOT file');
      } catch (e) {
        notices.error(`Could not export: ${messageOf(e)}`);
      }
    },
    async importCsv() {
      if (!session.video()) return notices.info('Open the video the tracks belong to first.');
      const path = await pickPath(ctx, 'open', 'Import tracks from CSV', CSV_FILTERS);
      if (!path) return;
      try {
        const csv = parseTrackCsv((await bridge.invoke('fs:read-text', { path })).text);
        const base = path.split(/[\\/]/).pop() ?? 'imported';
        session.appendTracks(csv.tracks.map((s, i) => trackFromSeries(i + 1, s, csv.tracks.length > 1 ? `${base} #${s.id}` : base)));
        notices.success(`Imported ${csv.tracks.length} track${csv.tracks.length === 1 ? '' : 's'} from ${base}.`);
      } catch (e) {
        notices.error(`Could not import: ${messageOf(e)}`);
      }
    },
  };
}

export type FilesController = ReturnType<typeof createFilesController>;
