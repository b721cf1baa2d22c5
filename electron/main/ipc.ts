// The IPC bridge on main's side: one ipcMain.handle per contract operation, each refusing any caller
// that is not the main window's top frame on the app's origin, then handing the raw input to the
// application service (which validates it). Service events go to the window; a lock reloads it.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, OP_NAMES, channelOf } from '../../shared/contract.ts';
import type { AppEvent, OpResult } from '../../shared/contract.ts';
import { isTrustedSender } from './hardening.ts';

/** The part of the application service the bridge uses. */
export interface OpService {
  handle(op: string, rawInput: unknown): Promise<OpResult<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

function liveWindow(getWindow: () => BrowserWindow | null): BrowserWindow | null {
  const win = getWindow();
  return win && !win.isDestroyed() ? win : null;
}

function fromMainWindow(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || event.sender !== win.webContents) return false;
  return isTrustedSender(event.senderFrame, win.webContents.mainFrame);
}

/** Registers every operation's handler and the event relay; returns a function that removes them. */
export function registerIpc(opts: { service: OpService; getWindow: () => BrowserWindow | null; log: (message: string) => void }): () => void {
  const { service, getWindow, log } = opts;
  for (const name of OP_NAMES) {
    ipcMain.handle(channelOf(name), async (event, input: unknown) => {
      if (!fromMainWindow(event, liveWindow(getWindow))) {
        log(`IPC refused: ${name} from a frame that is not the app's main frame.`);
        throw new Error('Refused: this frame may not call Keyhold.');
      }
      return service.handle(name, input);
    });
  }

  const unsubscribe = service.onEvent((event) => {
    const win = liveWindow(getWindow);
    if (!win) return;
    win.webContents.send(EVENT_CHANNEL, event);
    // Locking reloads the page so no decrypted value or form state survives in the renderer's heap.
    if (event.type === 'locked') win.webContents.reload();
  });

  return () => {
    unsubscribe();
    for (const name of OP_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
