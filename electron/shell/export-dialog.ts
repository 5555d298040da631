// The save dialog the core asks for when the window exports a console result.
import { dialog, type BrowserWindow } from 'electron';
import type { ChooseExportFile } from '../core/api/export-file.js';

export function exportDialog(window: () => BrowserWindow | null): ChooseExportFile {
  return async (suggestedName) => {
    const extension = suggestedName.split('.').pop() ?? 'csv';
    const options = {
      title: 'Export the result',
      defaultPath: suggestedName,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    };
    const parent = window();
    const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return canceled || !filePath ? null : filePath;
  };
}
