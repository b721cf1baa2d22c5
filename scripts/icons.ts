// `npm run icons`: renders resources/icon.svg into every icon file electron-builder and the app use.
// resvg renders the SVG (a Rust renderer shipped as prebuilt Node-API binaries on npm); icon-encoder
// (pure JS) packs the PNGs into the Windows .ico and the macOS .icns. The output is deterministic,
// so a test regenerates it and compares bytes: edit the SVG, run this, commit both.
import { IconIcns, IconIco } from '@shockpkg/icon-encoder';
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RESOURCES_DIR = path.resolve(import.meta.dirname, '../resources');

/** Linux: one PNG per size in resources/icons/, named WxH.png as electron-builder expects. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** Windows: the sizes Explorer, the taskbar and the installer pick from (256 is required). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** macOS: every ICNS type iconutil writes, each with its pixel size (the @2x types are double). */
export const ICNS_TYPES = [
  ['ic04', 16], ['ic11', 32], ['ic05', 32], ['ic12', 64], ['ic07', 128], ['ic13', 256],
  ['ic08', 256], ['ic14', 512], ['ic09', 512], ['ic10', 1024],
] as const;
/** The window and notification icon, packed into the app (electron-builder.yml `files`). */
export const APP_ICON_SIZE = 512;

/** Every file written, relative to resources/. */
export const GENERATED_FILES = [
  ...LINUX_SIZES.map((size) => `icons/${size}x${size}.png`),
  'icon.ico',
  'icon.icns',
  'icon.png',
];

function render(svg: Buffer, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/** Renders `svgFile` into `outDir` (resources/ by default) and returns the files written. */
export async function generateIcons(svgFile = path.join(RESOURCES_DIR, 'icon.svg'), outDir = RESOURCES_DIR): Promise<string[]> {
  const svg = readFileSync(svgFile);
  const sizes = new Set<number>([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size), APP_ICON_SIZE]);
  const png = new Map([...sizes].map((size) => [size, render(svg, size)]));
  const get = (size: number): Buffer => png.get(size) as Buffer;

  mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(path.join(outDir, 'icons', `${size}x${size}.png`), get(size));

  const ico = new IconIco();
  for (const size of ICO_SIZES) await ico.addFromPng(get(size), null);
  writeFileSync(path.join(outDir, 'icon.ico'), ico.encode());

  const icns = new IconIcns();
  icns.toc = true;
  for (const [type, size] of ICNS_TYPES) await icns.addFromPng(get(size), [type]);
  writeFileSync(path.join(outDir, 'icon.icns'), icns.encode());

  writeFileSync(path.join(outDir, 'icon.png'), get(APP_ICON_SIZE));
  return GENERATED_FILES;
}

if (import.meta.main) {
  const written = await generateIcons();
  console.log(`Wrote ${written.length} files to resources/: ${written.join(', ')}`);
}
