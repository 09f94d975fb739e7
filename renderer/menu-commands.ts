/** Electron menu commands (common/contract.ts MenuCommand) mapped to the controller's actions. */
import type { MenuCommand } from '../common/contract';
import type { Controller } from './controller';

export function runMenuCommand(c: Controller, command: MenuCommand): void {
  switch (command) {
    case 'open-video': return void c.video.choose();
    case 'open-sample': return void c.video.openSample();
    case 'save-project': return void c.files.saveProject();
    case 'open-project': return void c.files.openProject();
    case 'export-csv': return void c.files.exportCsv('selected');
    case 'export-all-csv': return void c.files.exportCsv('all');
    case 'export-mot': return void c.files.exportMot();
    case 'import-csv': return void c.files.importCsv();
    case 'help': return void c.ui.setHelpOpen(!c.ui.helpOpen());
    case 'zoom-fit': return c.ui.sendView('fit');
    case 'zoom-in': return c.ui.sendView('zoom-in');
    case 'zoom-out': return c.ui.sendView('zoom-out');
    case 'undo': return void (c.tracking.stop(), c.session.undo());
    case 'redo': return void (c.tracking.stop(), c.session.redo());
  }
}
