// The documents a user reads first must not point at nothing: every relative link and image in the
// README, SECURITY.md, CHANGELOG.md and docs/ resolves (anchors too), every guide image is used, and
// LICENSE, CHANGELOG and SECURITY.md agree with package.json.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPng } from '../scripts/icon-headers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  return ['README.md', 'SECURITY.md', 'CHANGELOG.md', ...docs];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
}

/** Relative link and image targets of a markdown file (code blocks and spans ignored). */
function links(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documents', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const target of links(file)) {
        const [rel, anchor] = target.split('#') as [string, string | undefined];
        const resolved = rel === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), rel);
        if (!existsSync(resolved)) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('show every screenshot the guide test takes, and each image they show is a PNG', () => {
    const guide = readdirSync(path.join(ROOT, 'docs/guide')).filter((f) => f.endsWith('.md'));
    const shown = new Set(guide.flatMap((f) => links(path.join('docs/guide', f))).filter((t) => t.startsWith('images/')));
    const taken = [...readFileSync(path.join(ROOT, 'test/e2e/guide.e2e.test.ts'), 'utf8').matchAll(/shoot\(page, '([\w-]+)'\)/g)].map((m) => `images/${m[1]}.png`);
    expect(taken.length).toBeGreaterThan(5);
    expect(taken.filter((image) => !shown.has(image))).toEqual([]);
    for (const image of shown) expect(isPng(readFileSync(path.join(ROOT, 'docs/guide', image))), image).toBe(true);
  });

  it('agree with package.json: the MIT licence, a changelog entry and a supported line for this version', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\]`, 'm'));
    const [major, minor] = pkg.version.split('.');
    expect(readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8')).toContain(`| ${major}.${minor}.x (current) | yes |`);
  });
});
