// scan.run: the desktop's leak scan (home folder, or a folder chosen in a dialog). It scans in this
// thread, between IPC turns (the bundled app ships no worker source); the CLI uses both cores.
import { KeyholdError } from '../../../shared/errors.ts';
import { Scan } from '../../scan/scan.ts';
import { recordScan } from '../../scan/record.ts';
import type { Handlers } from '../context.ts';

export const scanHandlers: Handlers<'scan.run'> = {
  'scan.run': async ({ target }, app, origin) => {
    const vault = app.vault();
    const home = app.platform.homeDir();
    let folder: string | null = null;
    if (target === 'folder') {
      folder = await app.platform.chooseFolder({ title: 'Scan a folder for your stored keys' });
      if (folder === null) throw new KeyholdError('CANCELLED', 'No folder chosen.');
    }
    const scan = new Scan({ paths: folder ? [folder] : [], gitHistory: false, staged: false, home: target === 'home', includeIgnored: true, cwd: folder ?? home, homeDir: home, threads: 0 });
    const result = await scan.finish(vault.readAllValues('scan', origin));
    recordScan(vault, result, { scope: folder ? 'folder (desktop)' : 'home (desktop)', at: app.platform.now(), origin, keep: true });
    return { files: result.stats.files, bytes: result.stats.bytes, hits: result.hits.length, unknownKeys: result.patterns.length, folder };
  },
};
