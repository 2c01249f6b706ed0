/**
 * The packages as npm would serve them: packed with the command docs/getting-started.md gives,
 * linted as published packages, then installed into a new app with the npm commands the same page
 * gives, where an ESM and a CommonJS script use them. Until the first release this is how users
 * install Rampkit; after it, it is what `pnpm publish` uploads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsOf, type DocBlock, docPages, REPO_ROOT, readBlocks } from '../support/doc-blocks.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { type: string; url: string; directory?: string };
  homepage?: string;
  bugs?: { url: string };
  keywords?: string[];
  engines?: { node?: string };
  publishConfig?: { access?: string };
  packageManager?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const root = readJson(join(REPO_ROOT, 'package.json'));
const PNPM = `npx --yes ${root.packageManager as string}`;
/** `git+https://github.com/owner/name.git` → `https://github.com/owner/name`: where docs links point. */
const REPOSITORY_WEB = (root.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

const PACKAGES = readdirSync(join(REPO_ROOT, 'packages'))
  .map((dir) => ({ dir, manifest: readJson(join(REPO_ROOT, 'packages', dir, 'package.json')) }))
  .filter(({ manifest }) => manifest.private !== true);

/** The two blocks of docs/getting-started.md marked `install from a clone (in the clone | in your app)`. */
function installBlocks(): { clone: DocBlock; app: DocBlock } {
  const blocks = docPages()
    .flatMap(readBlocks)
    .filter((block) => block.marker?.startsWith('install from a clone'));
  const clone = blocks.find((block) => block.marker === 'install from a clone (in the clone)');
  const app = blocks.find((block) => block.marker === 'install from a clone (in your app)');
  if (clone === undefined || app === undefined)
    throw new Error(
      'no docs block is marked <!-- doc-test: install from a clone (in the clone | in your app) -->',
    );
  return { clone, app };
}

/**
 * Commands of the clone block that this test does not run, and why: it runs inside a clone that
 * `pnpm test` has installed and built. Every other command of the block runs as written.
 */
const DONE_BEFORE_THE_TEST: ReadonlyArray<[command: RegExp, why: string]> = [
  [/^git clone \S+$/, 'this test runs in a clone'],
  [/^cd rampkit$/, 'the commands run at the root of the clone'],
  [new RegExp(`^${escapeRegExp(PNPM)} install$`), '`pnpm test` installs first'],
  [new RegExp(`^${escapeRegExp(PNPM)} build$`), '`pnpm test` builds first'],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** npm as a user runs it: without the variables pnpm sets for the scripts it runs. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|pnpm_)/i.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

function sh(command: string, cwd: string): string {
  const result = spawnSync('bash', ['-c', command], {
    cwd,
    env: npmEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(`\`${command}\` in ${cwd} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'rampkit-pack-install-'));
const app = join(work, 'my-app');
const packs = join(REPO_ROOT, 'packs');
/** The scripts of the new app, copied into it so that they resolve its node_modules. */
const SCRIPTS = fileURLToPath(new URL('./app/', import.meta.url));

beforeAll(() => {
  for (const { dir } of PACKAGES)
    if (!existsSync(join(REPO_ROOT, 'packages', dir, 'dist')))
      throw new Error(`packages/${dir}/dist is missing: run \`${PNPM} build\` first (\`pnpm test\` does)`);
  const { clone, app: appBlock } = installBlocks();
  rmSync(packs, { recursive: true, force: true });
  for (const command of commandsOf(clone))
    if (!DONE_BEFORE_THE_TEST.some(([pattern]) => pattern.test(command))) sh(command, REPO_ROOT);
  // The page's app sits beside the clone: `../rampkit/packs/…` from the app.
  symlinkSync(REPO_ROOT, join(work, 'rampkit'));
  mkdirSync(app);
  execFileSync('npm', ['init', '--yes'], { cwd: app, env: npmEnv(), stdio: 'ignore' });
  for (const command of commandsOf(appBlock)) sh(command, app);
  for (const script of readdirSync(SCRIPTS)) copyFileSync(join(SCRIPTS, script), join(app, script));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const tarball = (name: string) => join(packs, `${name.replace(/^@/, '').replace('/', '-')}.tgz`);

function tarballFiles(path: string): string[] {
  return execFileSync('tar', ['-tzf', path], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

function packedManifest(path: string): Manifest {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
  ) as Manifest;
}

describe('every package packs as it will be published', () => {
  it('the packing command of docs/getting-started.md made one tarball per package', () => {
    expect(readdirSync(packs).sort()).toEqual(
      PACKAGES.map(({ manifest }) => tarball(manifest.name).slice(packs.length + 1)).sort(),
    );
  });

  describe.each(PACKAGES)('$manifest.name', ({ dir, manifest }) => {
    it('has the metadata a registry page and a user need', () => {
      const packed = packedManifest(tarball(manifest.name));
      expect(packed.version).toBe(manifest.version);
      expect(packed.license).toBe('Apache-2.0');
      expect(packed.repository).toEqual({
        type: 'git',
        url: root.repository?.url,
        directory: `packages/${dir}`,
      });
      expect(packed.homepage).toBe(`${REPOSITORY_WEB}/tree/main/packages/${dir}#readme`);
      expect(packed.bugs).toEqual({ url: `${REPOSITORY_WEB}/issues` });
      expect(packed.keywords).toContain('rampkit');
      expect(packed.engines).toEqual(root.engines);
      expect(packed.publishConfig).toEqual({ access: 'public' });
    });

    it('depends on ranges, its Rampkit siblings included (pnpm rewrote workspace:)', () => {
      const packed = packedManifest(tarball(manifest.name));
      for (const [dependency, range] of Object.entries(packed.dependencies ?? {})) {
        expect(range, dependency).toMatch(/^\^\d+\.\d+\.\d+$/);
        if (dependency.startsWith('@rampkit/')) expect(range).toBe(`^${manifest.version}`);
      }
    });

    it('ships its build, README and LICENSE, and no sources or tests', () => {
      const files = tarballFiles(tarball(manifest.name));
      expect(files).toContain('package.json');
      expect(files).toContain('README.md');
      expect(files).toContain('LICENSE');
      expect(files.some((file) => file.startsWith('dist/'))).toBe(true);
      expect(files.filter((file) => /^src\/|\.test\.|tsconfig|tsup\.config/.test(file))).toEqual([]);
      const license = execFileSync('tar', ['-xzOf', tarball(manifest.name), 'package/LICENSE'], {
        encoding: 'utf8',
      });
      expect(license).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
    });

    it('passes publint with no message, suggestions included', async () => {
      const data = readFileSync(tarball(manifest.name));
      const { messages, pkg } = await publint({
        pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
        level: 'suggestion',
        strict: true,
      });
      expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([]);
    });

    it('resolves to the right types from ESM, CommonJS, bundlers and the old node10 resolution', async () => {
      const result = await checkPackage(
        createPackageFromTarballData(new Uint8Array(readFileSync(tarball(manifest.name)))),
      );
      expect(result.types, 'ships types').not.toBe(false);
      // The CLI is ESM only: Node 20.19+ loads it with require() too, which TypeScript's node16 CJS
      // resolution does not know of.
      const problems = result.types === false ? [] : result.problems;
      const expected =
        manifest.name === '@rampkit/cli' ? problems.filter((p) => p.kind !== 'CJSResolvesToESM') : problems;
      expect(expected).toEqual([]);
    });

    it('its README links only to files it ships or to pages that exist in the repository', () => {
      const unpacked = mkdtempSync(join(work, `${dir}-`));
      execFileSync('tar', ['-xzf', tarball(manifest.name), '-C', unpacked, '--strip-components=1']);
      const readme = readFileSync(join(unpacked, 'README.md'), 'utf8');
      for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = target as string;
        if (link.startsWith(REPOSITORY_WEB)) expect(repositoryPathOf(link), link).not.toBeNull();
        else if (!/^[a-z]+:/.test(link) && !link.startsWith('#'))
          expect(existsSync(join(unpacked, link.replace(/#.*$/, ''))), link).toBe(true);
      }
    });
  });
});

describe('installed from the tarballs into a new app, as docs/getting-started.md says', () => {
  const run = (script: string) => {
    const result = spawnSync(process.execPath, [script], {
      cwd: app,
      env: npmEnv(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout);
  };

  it.each(['smoke.mjs', 'smoke.cjs'])(
    '%s evaluates a flag, serves a canary route and promotes it',
    (script) => {
      expect(run(script)).toEqual({
        evaluation: expect.objectContaining({ key: 'new-search', value: true, reason: 'TARGETING_MATCH' }),
        before: 'v1',
        after: 'v2',
        rollout: 'promoted',
      });
    },
  );

  it('`npx rampkit --help` runs, and points at docs that exist', () => {
    const help = sh('npx rampkit --help', app);
    const links = help.match(/https?:\/\/\S+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(repositoryPathOf(link), link).not.toBeNull();
    expect(help).not.toMatch(/Docs: docs\//);
  });

  it('`npx rampkit --version` prints the version of the package installed', () => {
    const cli = PACKAGES.find(({ manifest }) => manifest.name === '@rampkit/cli');
    expect(sh('npx rampkit --version', app).trim()).toBe(cli?.manifest.version);
  });
});

/** The repository file a link to `<repository>/blob|tree/main/<path>` names, or null when there is none. */
function repositoryPathOf(link: string): string | null {
  const [url, anchor] = link.split('#') as [string, string | undefined];
  let path = 'README.md';
  if (url !== REPOSITORY_WEB) {
    const match = /^\/(?:blob|tree)\/main\/(.+)$/.exec(url.slice(REPOSITORY_WEB.length));
    if (!url.startsWith(REPOSITORY_WEB) || match === null) return null;
    path = match[1] as string;
  }
  if (!existsSync(join(REPO_ROOT, path))) return null;
  if (anchor !== undefined && anchor !== 'readme' && !headingSlugs(path).includes(anchor)) return null;
  return path;
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingSlugs(path: string): string[] {
  if (!path.endsWith('.md')) return [];
  return readFileSync(join(REPO_ROOT, path), 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) =>
      line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
}

describe('releases go through Changesets', () => {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, '.changeset', 'config.json'), 'utf8')) as {
    fixed: string[][];
    access: string;
  };

  it('versions every published package together, and publishes them publicly', () => {
    expect(config.fixed).toHaveLength(1);
    expect([...(config.fixed[0] as string[])].sort()).toEqual(
      PACKAGES.map(({ manifest }) => manifest.name).sort(),
    );
    expect(config.access).toBe('public');
  });
});
