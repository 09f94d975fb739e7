/**
 * The renderer's one door to the main-process services: Electron's preload API
 * (window.tracker) when it exists, else the browser host's WebSocket. Replies are validated
 * against common/contract.ts and unwrapped from their envelope, so callers get typed values
 * or an Error with a readable message.
 */
import { connectHost } from './bridge-ws';
import { unwrap, type Bridge, type PreloadApi } from './bridge-types';

export type { Bridge } from './bridge-types';

export function bridgeFromPreload(api: PreloadApi): Bridge {
  return {
    shell: 'electron',
    async invoke(channel, request) {
      return unwrap(channel, await api.invoke(channel, request));
    },
    onMenu: (l) => api.onMenu(l),
    pathForFile: (f) => (api.pathForFile ? api.pathForFile(f) || null : null),
    onDisconnect: () => { /* IPC lives as long as the window */ },
  };
}

export async function connectBridge(): Promise<Bridge> {
  const preload = (globalThis as { tracker?: PreloadApi }).tracker;
  if (preload) return bridgeFromPreload(preload);
  return connectHost(location);
}
