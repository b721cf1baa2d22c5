// The app's identity as the operating systems see it. electron-builder.yml's appId must be this
// string (test/security/packaging.test.ts checks): Windows ties notifications and taskbar pinning
// to the AppUserModelID the installer's shortcut carries, which electron-builder sets to appId.
export const APP_ID = 'dev.keyhold.desktop';
