// Preload: exposes window.keyhold (placeholder until the IPC bridge lands).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('keyhold', {});
