#!/usr/bin/env node
// Renders scripts/icons/icon.svg to the PNG sizes the manifests name (public/icons/icon-<size>.png),
// with Debian's headless Chromium. Run by hand after editing the SVG; the PNGs are committed.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const sizes = [16, 32, 48, 128];
const svg = await readFile(`${root}scripts/icons/icon.svg`, 'utf8');
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await mkdir(`${root}public/icons`, { recursive: true });
  for (const size of sizes) {
    await page.setViewport({ width: size, height: size });
    const sized = svg.replace('width="128" height="128"', `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const element = await page.$('svg');
    if (element === null) throw new Error('icon.svg rendered no svg element');
    const png = await element.screenshot({ omitBackground: true });
    await writeFile(`${root}public/icons/icon-${size}.png`, png);
    console.log(`public/icons/icon-${size}.png`);
  }
} finally {
  await browser.close();
}
