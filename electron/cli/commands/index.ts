// Every `keyhold` command, in the order `keyhold --help` lists them. To add a command, write
// commands/<name>.ts exporting a Command (or a CommandGroup of subcommands) and add one line here.
// Each module loads only when its command runs (or for help and completion): a command pays for
// its own dependencies, not for every other command's (a `run` loads no share, scan or import code).
import { lazyRegistry, type CommandEntry, type CommandRegistry } from '../command.ts';

const loaders: [string, () => Promise<CommandEntry>][] = [
  ['init', async () => (await import('./init.ts')).initCommand],
  ['add', async () => (await import('./add.ts')).addCommand],
  ['get', async () => (await import('./get.ts')).getCommand],
  ['ls', async () => (await import('./ls.ts')).lsCommand],
  ['show', async () => (await import('./show.ts')).showCommand],
  ['edit', async () => (await import('./edit.ts')).editCommand],
  ['rotate', async () => (await import('./rotate.ts')).rotateCommand],
  ['history', async () => (await import('./history.ts')).historyCommand],
  ['disable', async () => (await import('./disable.ts')).disableCommand],
  ['enable', async () => (await import('./enable.ts')).enableCommand],
  ['mark-compromised', async () => (await import('./mark-compromised.ts')).markCompromisedCommand],
  ['revoke', async () => (await import('./revoke.ts')).revokeCommand],
  ['rm', async () => (await import('./rm.ts')).rmCommand],
  ['trash', async () => (await import('./trash.ts')).trashCommand],
  ['restore', async () => (await import('./restore.ts')).restoreCommand],
  ['purge', async () => (await import('./purge.ts')).purgeCommand],
  ['gen', async () => (await import('./gen.ts')).genCommand],
  ['verify', async () => (await import('./verify.ts')).verifyCommand],
  ['passwd', async () => (await import('./passwd.ts')).passwdCommand],
  ['audit', async () => (await import('./audit.ts')).auditCommand],
  ['identity', async () => (await import('./identity.ts')).identityCommand],
  ['contact', async () => (await import('./contact.ts')).contactCommand],
  ['share', async () => (await import('./share.ts')).shareCommand],
  ['unlock', async () => (await import('./unlock.ts')).unlockCommand],
  ['lock', async () => (await import('./lock.ts')).lockCommand],
  ['status', async () => (await import('./status.ts')).statusCommand],
  ['agent', async () => (await import('./agent.ts')).agentCommand],
  ['completion', async () => (await import('./completion.ts')).completionCommand],
  ['run', async () => (await import('./run.ts')).runCommand],
  ['inject', async () => (await import('./inject.ts')).injectCommand],
  ['export', async () => (await import('./export.ts')).exportCommand],
  ['env', async () => (await import('./env.ts')).envCommand],
  ['health', async () => (await import('./health.ts')).healthCommand],
  ['scan', async () => (await import('./scan.ts')).scanCommand],
  ['import', async () => (await import('./import.ts')).importCommand],
  ['migrate', async () => (await import('./migrate.ts')).migrateCommand],
  ['backup', async () => (await import('./backup.ts')).backupCommand],
];

export const commands: CommandRegistry = lazyRegistry(loaders);
