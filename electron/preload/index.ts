// Preload (sandboxed, CommonJS, isolated world): exposes exactly one object, window.keyhold, with one
// function per contract operation and an event subscription. No ipcRenderer, no generic invoke, no
// Node API ever reaches the page: each function can only ask main for its own operation.
// import.drop is the one exception to "input as given": the page hands over a dropped File, and
// only here is it turned into its path, so the page can neither read nor choose a path.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, OP_NAMES, channelOf } from '../../shared/channels.ts';
import type { OpName } from '../../shared/channels.ts';
// Type-only: erased from the bundle, so zod never reaches the preload.
import type { AppEvent, KeyholdBridge } from '../../shared/contract.ts';

function operation(name: OpName): (input: unknown) => Promise<unknown> {
  const channel = channelOf(name);
  return (input) => ipcRenderer.invoke(channel, input);
}

function onEvent(listener: (event: AppEvent) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  // Only the payload is passed on: the IPC event object would carry ipcRenderer itself.
  const relay = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  };
}

/** A dropped File -> its path on disk ('' when it is not a file on disk, or not a File at all). */
function dropFile(file: unknown): Promise<unknown> {
  let filePath = '';
  try {
    filePath = webUtils.getPathForFile(file as File);
  } catch {
    // Not a File: main answers '' with a plain error.
  }
  return ipcRenderer.invoke(channelOf('import.drop'), { path: filePath });
}

const bridge: Record<string, unknown> = { onEvent };
for (const name of OP_NAMES) bridge[name] = operation(name);
bridge['import.drop'] = dropFile;

contextBridge.exposeInMainWorld('keyhold', Object.freeze(bridge) as KeyholdBridge);
