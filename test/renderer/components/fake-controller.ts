/** A controller with the real session/UI state and stubbed side effects, for component tests. */
import { createRoot } from 'solid-js';
import type { Controller } from '../../../renderer/controller';
import { createNotices } from '../../../renderer/state/notices';
import { ResponseStore } from '../../../renderer/state/responses';
import { createSession } from '../../../renderer/state/session';
import { createUi } from '../../../renderer/state/ui';

export function fakeController(calls: string[] = []): Controller {
  // An owner for the session's memos; the test's render() cleans up the DOM, the root lives on.
  return createRoot(() => build(calls));
}

function build(calls: string[]): Controller {
  const session = createSession();
  session.openVideo({ videoId: 'v1', path: '/v/a.mp4', name: 'a.mp4', width: 320, height: 240, fps: 30, frameCount: 100, durationS: 3.3 });
  const log = (name: string) => () => { calls.push(name); };
  return {
    bridge: { shell: 'browser', invoke: async () => { throw new Error('no bridge in tests'); }, onMenu: () => () => undefined, pathForFile: () => null, onDisconnect: () => undefined },
    session, notices: createNotices(), ui: createUi(), responses: new ResponseStore(),
    video: { source: () => null, shown: () => null, loading: () => false, fetchMs: () => null, recent: () => [], fastSeeks: () => 'none' as const, open: async () => undefined, refreshRecent: async () => undefined, choose: async () => undefined, openSample: async () => undefined },
    tracking: { backend: () => '', backendReason: () => '', netMs: () => null, backendSetting: () => 'auto', setBackendSetting: log('backend'), isRunning: () => false, forward: async () => log('forward')(), backward: async () => log('backward')(), stop: log('stop'), retrackStale: async () => log('retrack')(), warmUp: async () => undefined, dispose: () => undefined },
    files: { projectPath: () => null, autosavedAt: () => null, loadForVideo: async () => undefined, autosave: async () => undefined, saveProject: async () => log('save')(), openProject: async () => undefined, exportCsv: async () => undefined, exportMot: async () => undefined, importCsv: async () => undefined },
  } as unknown as Controller;
}
