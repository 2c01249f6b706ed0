import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.RAMPKIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the Chromium checks run. Without Chromium they are skipped with a banner on stderr, except
 * under CI=true, where .ci/run installs it and its absence is a failure.
 * @throws Error when CI=true and Chromium is missing
 */
export function chromiumForSuite(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${CHROMIUM} is missing, and CI=true requires it`);
  const line = '!'.repeat(100);
  process.stderr.write(
    `\n${line}\n!! SKIPPED: ${suite}\n!! ${CHROMIUM} is not installed: the report is not checked in a browser.\n` +
      '!! Install it (`apt-get update && apt-get install -y chromium`) or set RAMPKIT_CHROMIUM.\n' +
      `${line}\n\n`,
  );
  return false;
}

/** Loads a local HTML file in headless Chromium and returns the DOM after its scripts ran. */
export function dumpDom(file: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'rampkit-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--window-size=1280,2000',
    '--dump-dom',
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
