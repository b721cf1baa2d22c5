// Preload (sandboxed, CommonJS, isolated world): exposes exactly one object, window.keyhold, with one
// function per contract operation and an event subscription. No ipcRenderer, no generic invoke, no
// Node API ever reaches the page: each function can only ask main for its own operation.
import { contextBridge, ipcRenderer } from 'electron';
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

const bridge: Record<string, unknown> = { onEvent };
for (const name of OP_NAMES) bridge[name] = operation(name);

contextBridge.exposeInMainWorld('keyhold', Object.freeze(bridge) as KeyholdBridge);
