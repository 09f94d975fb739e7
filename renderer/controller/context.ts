/** What every part of the controller shares: the bridge, the session state and the UI. */
import type { Bridge } from '../bridge-types';
import type { Notices } from '../state/notices';
import type { ResponseStore } from '../state/responses';
import type { Session } from '../state/session';
import type { FileFilter, Ui } from '../state/ui';

export interface Ctx {
  bridge: Bridge;
  session: Session;
  notices: Notices;
  ui: Ui;
  responses: ResponseStore;
}

/** A native dialog under Electron, the in-page file browser under the browser host. */
export async function pickPath(ctx: Ctx, mode: 'open' | 'save', title: string, filters: FileFilter[], defaultPath = ''): Promise<string | null> {
  if (ctx.bridge.shell === 'electron') {
    const r = mode === 'open'
      ? await ctx.bridge.invoke('dialog:open', { title, filters })
      : await ctx.bridge.invoke('dialog:save', { title, filters, defaultPath });
    return r.path;
  }
  return ctx.ui.pickFile({ mode, title, filters, defaultPath });
}

export const VIDEO_FILTERS: FileFilter[] = [
  { name: 'Videos', extensions: ['mp4', 'mov', 'mkv', 'avi', 'webm', 'm4v', 'mpg', 'mpeg', 'wmv', 'ts'] },
  { name: 'All files', extensions: ['*'] },
];
export const CSV_FILTERS: FileFilter[] = [{ name: 'CSV', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }];
export const MOT_FILTERS: FileFilter[] = [{ name: 'MOT text', extensions: ['txt'] }, { name: 'All files', extensions: ['*'] }];
export const PROJECT_FILTERS: FileFilter[] = [{ name: 'Tracker project', extensions: ['json'] }];

/** "/a/b/clip.mp4" -> "/a/b/clip" + suffix */
export function besideVideo(videoPath: string, suffix: string): string {
  return videoPath.replace(/\.[^./\\]+$/, '') + suffix;
}
