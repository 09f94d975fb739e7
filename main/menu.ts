/**
 * The desktop menu as plain template data (Electron's MenuItemConstructorOptions shape), so it
 * can be tested without Electron. Commands go to the renderer (common/contract.ts MENU_EVENT).
 */
import type { MenuCommand } from '../common/contract';

export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export function menuTemplate(send: (command: MenuCommand) => void, isMac = process.platform === 'darwin'): MenuItemSpec[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemSpec => ({ label, accelerator, click: () => send(command) });
  const sep: MenuItemSpec = { type: 'separator' };
  return [
    ...(isMac ? [{ role: 'appMenu' }] : []),
    {
      label: '&File',
      submenu: [
        item('Open Video…', 'open-video', 'CmdOrCtrl+O'),
        item('Open Sample Clip', 'open-sample'),
        sep,
        item('Open Project…', 'open-project', 'CmdOrCtrl+Shift+O'),
        item('Save Project', 'save-project', 'CmdOrCtrl+S'),
        sep,
        item('Import Tracks from CSV…', 'import-csv'),
        item('Export Selected Track as CSV…', 'export-csv', 'CmdOrCtrl+E'),
        item('Export All Tracks as CSV…', 'export-all-csv', 'CmdOrCtrl+Shift+E'),
        item('Export MOT…', 'export-mot'),
        sep,
        { role: isMac ? 'close' : 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        sep,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Fit to Window', 'zoom-fit'),
        item('Zoom In', 'zoom-in'),
        item('Zoom Out', 'zoom-out'),
        sep,
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { label: '&Help', submenu: [item('Keyboard Shortcuts', 'help', 'F1')] },
  ];
}
