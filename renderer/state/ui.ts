/**
 * Transient UI state: the in-page file browser (the browser host's stand-in for native
 * dialogs), the help overlay, and view commands sent to the frame view (fit, zoom).
 */
import { createSignal } from 'solid-js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface FilePickRequest {
  mode: 'open' | 'save';
  title: string;
  filters: FileFilter[];
  /** For save: the suggested full path (its folder is shown, its name prefilled). */
  defaultPath?: string;
  resolve(path: string | null): void;
}

export type ViewCommand = 'fit' | 'zoom-in' | 'zoom-out' | 'actual-size';

export function createUi() {
  const [filePick, setFilePick] = createSignal<FilePickRequest | null>(null);
  const [helpOpen, setHelpOpen] = createSignal(false);
  const [viewCommand, setViewCommand] = createSignal<{ command: ViewCommand; n: number } | null>(null);
  let n = 0;
  return {
    filePick,
    helpOpen,
    setHelpOpen,
    viewCommand,
    sendView(command: ViewCommand) {
      setViewCommand({ command, n: ++n });
    },
    /** Ask the in-page file browser for a path; null when cancelled. */
    pickFile(req: Omit<FilePickRequest, 'resolve'>): Promise<string | null> {
      filePick()?.resolve(null);
      return new Promise((resolve) => setFilePick({ ...req, resolve }));
    },
    finishPick(path: string | null) {
      const req = filePick();
      setFilePick(null);
      req?.resolve(path);
    },
  };
}

export type Ui = ReturnType<typeof createUi>;
