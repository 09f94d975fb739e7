/**
 * Preferences of this computer rather than of a project (so not in project files): kept in the
 * renderer's localStorage. Anything unreadable falls back to the default.
 */
import { BACKEND_SETTINGS, type BackendSetting } from '../../workers/protocol';

const BACKEND_KEY = 'siamtrack.backend';

export function loadBackendSetting(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): BackendSetting {
  try {
    const v = storage?.getItem(BACKEND_KEY);
    return BACKEND_SETTINGS.find((s) => s === v) ?? 'auto';
  } catch {
    return 'auto'; // storage disabled
  }
}

export function saveBackendSetting(value: BackendSetting, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(BACKEND_KEY, value);
  } catch {
    // storage disabled or full: the setting still holds for this session
  }
}
