/**
 * The app's own data folder: the recent-files list, this computer's preferences and
 * crash-recovery copies of projects.
 * Autosaves live here (keyed by the video's path) rather than next to the video, so that
 * read-only or shared data folders are never written to without the user asking.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { readPreferences, type Preferences } from '../../common/preferences';

const RECENT_MAX = 12;

/** $TRACKER_DATA_DIR, else $XDG_DATA_HOME/siamtrack, else ~/.local/share/siamtrack. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRACKER_DATA_DIR) return env.TRACKER_DATA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'siamtrack');
}

/** Via a temporary file and a rename, so a crash never leaves half a file. */
const writeAtomically = (path: string, text: string) => writeFileAtomic.sync(path, text);

export class AppData {
  constructor(readonly dir: string) {}

  autosavePath(videoPath: string): string {
    const key = createHash('sha256').update(videoPath).digest('hex').slice(0, 24);
    return join(this.dir, 'autosave', `${key}.json`);
  }

  autosave(videoPath: string, text: string): { path: string; savedAt: number } {
    const path = this.autosavePath(videoPath);
    mkdirSync(join(this.dir, 'autosave'), { recursive: true });
    writeAtomically(path, text);
    return { path, savedAt: Date.now() };
  }

  recover(videoPath: string): { text: string | null; path: string | null } {
    const path = this.autosavePath(videoPath);
    return existsSync(path) ? { text: readFileSync(path, 'utf8'), path } : { text: null, path: null };
  }

  preferences(): Preferences {
    try {
      return readPreferences(JSON.parse(readFileSync(join(this.dir, 'preferences.json'), 'utf8')));
    } catch {
      return readPreferences(null); // none yet, or unreadable: the defaults
    }
  }

  setPreferences(change: Partial<Preferences>): Preferences {
    const prefs = { ...this.preferences(), ...change };
    mkdirSync(this.dir, { recursive: true });
    writeAtomically(join(this.dir, 'preferences.json'), JSON.stringify(prefs, null, 1));
    return prefs;
  }

  recent(): string[] {
    try {
      const list: unknown = JSON.parse(readFileSync(join(this.dir, 'recent.json'), 'utf8'));
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string').slice(0, RECENT_MAX) : [];
    } catch {
      return [];
    }
  }

  addRecent(path: string): string[] {
    const list = [path, ...this.recent().filter((p) => p !== path)].slice(0, RECENT_MAX);
    mkdirSync(this.dir, { recursive: true });
    writeAtomically(join(this.dir, 'recent.json'), JSON.stringify(list, null, 1));
    return list;
  }
}
