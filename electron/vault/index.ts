// Public entry of the vault core.
export * from './api.ts';
export { Vault } from './vault.ts';
export { generateSecret, ALPHABETS } from './generator.ts';
export { DEFAULT_KDF } from '../../shared/model.ts';
export { stageRestore, looksLikeVaultFile, type StagedRestore } from './restore.ts';
export { MAX_IMPORT_ITEMS } from './import.ts';
