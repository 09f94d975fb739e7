/**
 * The preload script (sandboxed, CommonJS): exposes window.tracker, a small typed API over
 * the contract's channels. The renderer never sees ipcRenderer; unknown channels are refused
 * here and every payload is validated again in main.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isChannel, MENU_EVENT, MenuCommandSchema, type Envelope, type MenuCommand } from '../common/contract';

const api = {
  invoke(channel: string, request: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, error: `unknown channel ${String(channel).slice(0, 60)}` });
    return ipcRenderer.invoke(channel, request) as Promise<Envelope<unknown>>;
  },
  onMenu(listener: (command: MenuCommand) => void): () => void {
    const handler = (_event: IpcRendererEvent, command: unknown) => {
      const parsed = MenuCommandSchema.safeParse(command);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(MENU_EVENT, handler);
    return () => ipcRenderer.removeListener(MENU_EVENT, handler);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('tracker', api);
