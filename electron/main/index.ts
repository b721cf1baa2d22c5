// Electron adapter entry point (placeholder until the desktop app lands).
import { app } from 'electron';

app.whenReady().then(() => app.quit());
