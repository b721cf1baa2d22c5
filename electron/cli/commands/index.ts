// Every `keyhold` command, in the order `keyhold --help` lists them. To add a command, write
// commands/<name>.ts exporting a Command (or a CommandGroup of subcommands) and add one line here.
import type { CommandEntry } from '../command.ts';
import { addCommand } from './add.ts';
import { auditCommand } from './audit.ts';
import { disableCommand } from './disable.ts';
import { editCommand } from './edit.ts';
import { enableCommand } from './enable.ts';
import { genCommand } from './gen.ts';
import { getCommand } from './get.ts';
import { historyCommand } from './history.ts';
import { initCommand } from './init.ts';
import { lsCommand } from './ls.ts';
import { markCompromisedCommand } from './mark-compromised.ts';
import { passwdCommand } from './passwd.ts';
import { purgeCommand } from './purge.ts';
import { restoreCommand } from './restore.ts';
import { revokeCommand } from './revoke.ts';
import { rmCommand } from './rm.ts';
import { rotateCommand } from './rotate.ts';
import { showCommand } from './show.ts';
import { trashCommand } from './trash.ts';
import { verifyCommand } from './verify.ts';
import { identityCommand } from './identity.ts';
import { contactCommand } from './contact.ts';
import { shareCommand } from './share.ts';
import { agentCommand } from './agent.ts';
import { lockCommand } from './lock.ts';
import { statusCommand } from './status.ts';
import { unlockCommand } from './unlock.ts';
import { completionCommand } from './completion.ts';
import { runCommand } from './run.ts';
import { injectCommand } from './inject.ts';
import { exportCommand } from './export.ts';
import { envCommand } from './env.ts';
import { healthCommand } from './health.ts';
import { scanCommand } from './scan.ts';

export const commands: readonly CommandEntry[] = [
  initCommand,
  addCommand,
  getCommand,
  lsCommand,
  showCommand,
  editCommand,
  rotateCommand,
  historyCommand,
  disableCommand,
  enableCommand,
  markCompromisedCommand,
  revokeCommand,
  rmCommand,
  trashCommand,
  restoreCommand,
  purgeCommand,
  genCommand,
  verifyCommand,
  passwdCommand,
  auditCommand,
  identityCommand,
  contactCommand,
  shareCommand,
  unlockCommand,
  lockCommand,
  statusCommand,
  agentCommand,
  completionCommand,
  runCommand,
  injectCommand,
  exportCommand,
  envCommand,
  healthCommand,
  scanCommand,
];
