// The process boundaries are enforced by lint rules: prove that each rule fires on a violation and
// stays quiet on an allowed import.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('process boundaries', () => {
  it('keeps electron out of the vault core', async () => {
    expect(await restrictedImports('electron/vault/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
  });

  it('keeps Node, Electron and main-process code out of the renderer', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import type { VaultApi } from '../../electron/vault/api.ts';\nexport type A = VaultApi;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { LIMITS } from '../../shared/model.ts';\nexport const a = LIMITS;\n")).toEqual([]);
  });

  it('lets shared/ import only itself and zod', async () => {
    expect(await restrictedImports('shared/x.ts', "import type { VaultApi } from '../electron/vault/api.ts';\nexport type A = VaultApi;\n")).not.toEqual([]);
    expect(await restrictedImports('shared/x.ts', "import path from 'node:path';\nexport const a = path;\n")).not.toEqual([]);
    expect(await restrictedImports('shared/x.ts', "import { z } from 'zod';\nimport { LIMITS } from './model.ts';\nexport const a = [z, LIMITS];\n")).toEqual([]);
  });
});
