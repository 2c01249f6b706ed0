import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, findRampkitCommands, parseCommandLine } from '@rampkit/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, expectExit, runCli } from './support/cli.js';
import {
  type Block,
  callsStep,
  childBlocks,
  onlyChild,
  parseBlocks,
  shScripts,
  stagesOf,
  switchCases,
  tokenize,
} from './support/jenkinsfile.js';
import { parseYaml } from './support/yaml.js';

const CI_DIR = fileURLToPath(new URL('../../examples/ci/', import.meta.url));

type Job = Record<string, unknown>;

/** Every shell script of a pipeline: GitHub's `run:` steps, GitLab's script lists. */
function scripts(pipeline: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (
      typeof value === 'string' &&
      (key === 'run' || key === 'script' || key === 'before_script' || key === 'after_script')
    )
      found.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item, key === 'steps' ? undefined : key);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, k);
  };
  visit(pipeline);
  return found;
}

function rampkitCommands(pipeline: Record<string, unknown>): string[][] {
  return scripts(pipeline).flatMap((script) => findRampkitCommands(script).map((command) => command.args));
}

function load(name: string): Record<string, unknown> {
  return parseYaml(readFileSync(join(CI_DIR, name), 'utf8')) as Record<string, unknown>;
}

const pipelines = {
  'github-actions.yml': load('github-actions.yml'),
  'gitlab-ci.yml': load('gitlab-ci.yml'),
};

const jenkinsfile = parseBlocks(tokenize(readFileSync(join(CI_DIR, 'Jenkinsfile'), 'utf8')));
const jenkinsPipeline = onlyChild(jenkinsfile, 'pipeline');
const jenkinsStages = stagesOf(onlyChild(jenkinsPipeline, 'stages'));
const jenkinsRollback = onlyChild(onlyChild(jenkinsPipeline, 'post'), 'failure');

/**
 * A job or stage of a pipeline: its name, its shell scripts, everything else it says, and when it
 * runs: units of one level run side by side (a GitLab stage, a Jenkins `parallel`, GitHub jobs as
 * deep in the `needs` graph), a higher level only after every lower one.
 */
interface Unit {
  name: string;
  scripts: string[];
  text: string;
  level: number;
}

function githubUnits(): Unit[] {
  const jobs = pipelines['github-actions.yml'].jobs as Record<string, Job>;
  const depth = (name: string, seen: string[] = []): number => {
    expect(seen, `needs of ${name} form no cycle`).not.toContain(name);
    const job = jobs[name];
    expect(job, `job ${name}`).toBeDefined();
    const needs = job?.needs === undefined ? [] : [job.needs].flat().map(String);
    return needs.length === 0 ? 0 : 1 + Math.max(...needs.map((need) => depth(need, [...seen, name])));
  };
  return Object.entries(jobs).map(([name, job]) => ({
    name,
    scripts: scripts(job),
    text: JSON.stringify(job),
    level: depth(name),
  }));
}

function gitlabUnits(): Unit[] {
  const gitlab = pipelines['gitlab-ci.yml'];
  const stages = gitlab.stages as string[];
  const jobs = Object.entries(gitlab).filter(
    ([name, job]) =>
      !['stages', 'include', 'default', 'variables'].includes(name) &&
      typeof job === 'object' &&
      job !== null,
  ) as Array<[string, Job]>;
  for (const [name, job] of jobs)
    expect(stages, `gitlab job ${name} runs in a declared stage`).toContain(job.stage ?? 'test');
  // GitLab runs stage by stage; within a stage, jobs run side by side.
  return jobs.map(([name, job]) => ({
    name,
    scripts: scripts(job),
    text: JSON.stringify(job),
    level: stages.indexOf(String(job.stage ?? 'test')),
  }));
}

function jenkinsUnits(): Unit[] {
  const unit = (name: string, block: Block, level: number): Unit => ({
    name,
    scripts: shScripts(block),
    text: JSON.stringify(block, (key, value) => (key === 'line' ? undefined : value)),
    level,
  });
  // Top-level stages run in order; stages that only group others (parallel, nested stages) are
  // read through their children, which share their level.
  const top = jenkinsStages.filter((stage) => stage.path.length === 1).map((stage) => stage.name);
  const leaves = jenkinsStages.filter(
    (stage) => childBlocks(stage.block, 'parallel').length + childBlocks(stage.block, 'stages').length === 0,
  );
  return [
    ...leaves.map((stage) => unit(stage.name, stage.block, top.indexOf(stage.path[0] as string))),
    unit('post failure', jenkinsRollback, top.length),
  ];
}

/** What a release pipeline does, in the order it must do it. */
const PHASES = [
  'build',
  'unit tests',
  'integration tests',
  'dependency audit',
  'SAST',
  'staging',
  'DAST',
  'approval',
  'canary',
  'production smoke tests',
  'rollback',
] as const;
type Phase = (typeof PHASES)[number];

/** The phase a job or stage serves, read from what it runs. */
function phaseOf(unit: Unit): Phase | undefined {
  const script = unit.scripts.join('\n');
  if (/rampkit rollout rollback/.test(script)) return 'rollback';
  if (/rampkit rollout run deploy\/checkout-canary\.yaml/.test(script)) return 'canary';
  if (/smoke-test\.sh/.test(script)) return /staging/i.test(script) ? 'staging' : 'production smoke tests';
  if (/zap-baseline\.py/.test(script)) return 'DAST';
  if (/pnpm build/.test(script)) return 'build';
  if (/pnpm test:unit/.test(script)) return 'unit tests';
  if (/pnpm test:integration/.test(script)) return 'integration tests';
  if (/pnpm audit|dependency_scanning/.test(script + unit.name)) return 'dependency audit';
  if (/codeql-action\/analyze|semgrep scan/.test(unit.text + script) || unit.name === 'sast') return 'SAST';
  if (/production-approval|"when":"manual"|"input"/.test(unit.text)) return 'approval';
  return undefined;
}

/** The phases in the order the pipeline runs them; phases running side by side in PHASES order. */
function phases(units: Unit[]): Phase[] {
  return units
    .flatMap((unit) => {
      const phase = phaseOf(unit);
      return phase === undefined ? [] : [{ phase, level: unit.level }];
    })
    .sort((a, b) => a.level - b.level || PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase))
    .map(({ phase }) => phase);
}

/** The zap-baseline.py command of a pipeline's DAST job or stage, as words. */
function zapCommand(units: Unit[]): string[] {
  const scan = units.filter((unit) => phaseOf(unit) === 'DAST');
  expect(scan).toHaveLength(1);
  const line = (scan[0] as Unit).scripts
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .find((text) => text.includes('zap-baseline.py')) as string;
  const words = line
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^"(.*)"$/, '$1'));
  return words.slice(words.indexOf('zap-baseline.py'));
}

const units = {
  'github-actions.yml': githubUnits(),
  'gitlab-ci.yml': gitlabUnits(),
  Jenkinsfile: jenkinsUnits(),
};

describe.each(Object.entries(pipelines))('examples/ci/%s', (_name, pipeline) => {
  const commands = rampkitCommands(pipeline);

  it('calls only rampkit commands that exist, with options they take', () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const args of commands) {
      const parsed = parseCommandLine(args);
      expect(parsed.kind, `rampkit ${args.join(' ')}`).toBe('command');
    }
  });

  it('validates the plan, runs the canary with --wait, reports it and rolls back on failure', () => {
    const names = commands.map((args) => args.slice(0, 2).join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['rollout validate', 'flags validate', 'rollout run', 'rollout rollback']),
    );
    expect(names.some((name) => name.startsWith('report'))).toBe(true);
    const production = commands.find(
      (args) => args[1] === 'run' && args.includes('deploy/checkout-canary.yaml'),
    );
    expect(production).toContain('--wait');
    expect(production).toContain('--id');
  });
});

describe('the pipelines have every stage a release needs', () => {
  it('GitHub Actions: build, tests, audit, CodeQL, staging with smoke tests, approval, canary, smoke, rollback', () => {
    const jobs = pipelines['github-actions.yml'].jobs as Record<string, Job>;
    expect(Object.keys(jobs)).toEqual([
      'build',
      'unit-tests',
      'integration-tests',
      'dependency-audit',
      'static-analysis',
      'deploy-staging',
      'dast-staging',
      'approve-production',
      'canary-production',
      'smoke-production',
      'rollback-production',
    ]);
    expect(JSON.stringify(jobs['static-analysis'])).toContain('github/codeql-action/analyze');
    expect(JSON.stringify(jobs['dependency-audit'])).toContain('pnpm audit');
    expect(JSON.stringify(jobs['deploy-staging'])).toContain('smoke-test.sh');
    expect(jobs['approve-production']?.environment).toBe('production-approval');
    expect(jobs['canary-production']?.needs).toBe('approve-production');
    expect(String(jobs['rollback-production']?.if)).toContain('failure()');
  });

  it('GitLab CI: the same stages, a manual approval that blocks, and a rollback on failure', () => {
    const gitlab = pipelines['gitlab-ci.yml'];
    expect(gitlab.stages).toEqual([
      'build',
      'test',
      'security',
      'staging',
      'dast',
      'approve',
      'production',
      'verify',
      'rollback',
    ]);
    const job = (name: string) => gitlab[name] as Job;
    expect(job('sast').stage).toBe('security');
    expect(job('dependency-audit').stage).toBe('security');
    expect(job('approve-production')).toMatchObject({ when: 'manual', allow_failure: false });
    expect(job('rollback-production')).toMatchObject({ stage: 'rollback', when: 'on_failure' });
    expect(JSON.stringify(job('deploy-staging'))).toContain('smoke-test.sh');
  });
});

describe('examples/ci/Jenkinsfile', () => {
  const commands = jenkinsUnits().flatMap((unit) =>
    unit.scripts.flatMap((script) => findRampkitCommands(script).map((command) => command.args)),
  );
  const stage = (name: string) => {
    const found = jenkinsStages.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no stage('${name}')`);
    return found.block;
  };

  it('calls only rampkit commands that exist, with options they take', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const args of commands) {
      expect(parseCommandLine(args).kind, `rampkit ${args.join(' ')}`).toBe('command');
    }
    const names = commands.map((args) => args.slice(0, 2).join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['rollout validate', 'flags validate', 'rollout run', 'rollout rollback']),
    );
  });

  it('has the stages of the other two, in their order', () => {
    expect(jenkinsStages.map((found) => found.path.join(' / '))).toEqual([
      'Build',
      'Tests',
      'Tests / Unit tests',
      'Tests / Integration tests',
      'Security',
      'Security / Dependency audit',
      'Security / SAST',
      'Deploy staging',
      'DAST',
      'Approve production',
      'Canary production',
      'Smoke production',
    ]);
  });

  it('waits for a person at the approval gate, before production is touched', () => {
    expect(callsStep(stage('Approve production'), 'input')).toBe(true);
    for (const found of jenkinsStages.filter((candidate) => candidate.name !== 'Approve production'))
      expect(callsStep(found.block, 'input'), found.name).toBe(false);
  });

  it('maps every documented exit code of rollout run to the stage result, and archives the report', () => {
    const canary = stage('Canary production');
    const run = shScripts(canary)
      .flatMap((script) => findRampkitCommands(script))
      .find((command) => command.args[1] === 'run');
    expect(run?.args).toEqual(expect.arrayContaining(['deploy/checkout-canary.yaml', '--wait', '--id']));
    // sh(returnStatus: true) hands the exit code to the switch instead of failing the step.
    expect(JSON.stringify(canary)).toContain('"returnStatus"');
    expect(switchCases(canary)).toEqual([EXIT.ok, EXIT.failed, EXIT.usage, EXIT.unavailable, EXIT.timeout]);
    expect(callsStep(canary, 'error')).toBe(true);
    const always = onlyChild(onlyChild(canary, 'post'), 'always');
    const report = shScripts(always).flatMap((script) => findRampkitCommands(script));
    expect(report.map((command) => command.args.slice(0, 1))).toEqual([['report']]);
    const output = report[0]?.args[(report[0]?.args.indexOf('-o') ?? -1) + 1];
    expect(output).toBe('rollout-report.html');
    expect(JSON.stringify(always)).toContain(`"archiveArtifacts"`);
    expect(JSON.stringify(always)).toContain(output);
  });

  it('rolls back on failure, only once the canary stage started', () => {
    const rollback = shScripts(jenkinsRollback).flatMap((script) => findRampkitCommands(script));
    expect(rollback.map((command) => command.args.slice(0, 2).join(' '))).toEqual([
      'rollout rollback',
      'rollout status',
    ]);
    expect(JSON.stringify(jenkinsRollback)).toContain('PRODUCTION_STARTED');
    expect(JSON.stringify(stage('Canary production'))).toContain('PRODUCTION_STARTED');
  });

  it('refuses a file that does not parse', () => {
    expect(() => parseBlocks(tokenize("pipeline { stages { stage('a') { steps { sh 'x' } }\n}"))).toThrow(
      /never closes/,
    );
    expect(() => tokenize("sh '''echo\n")).toThrow(/unterminated string opened on line 1/);
    expect(() => stagesOf(onlyChild(parseBlocks(tokenize('stages { stage(name) { } }')), 'stages'))).toThrow(
      /stage\('name'\)/,
    );
    expect(() => shScripts(parseBlocks(tokenize('steps { sh "echo $HOME" }')))).toThrow(/use '…'/);
  });
});

describe('all three pipelines: the same phases in the same order, DAST of staging before the approval', () => {
  it.each(Object.entries(units))('%s', (_name, found) => {
    const order = phases(found);
    // Every phase is there, and no job or stage comes before one it depends on.
    expect(new Set(order)).toEqual(new Set(PHASES));
    const ranks = order.map((phase) => PHASES.indexOf(phase));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it.each(Object.entries(units))(
    '%s scans staging with ZAP and fails on high-risk findings',
    (_name, found) => {
      const zap = zapCommand(found);
      const option = (flag: string) => zap[zap.indexOf(flag) + 1];
      expect(zap.indexOf('-t')).toBeGreaterThan(0);
      expect(option('-t')).toMatch(/^https:\/\/staging\.checkout\.example\.com$|^\$STAGING_URL$/);
      expect(JSON.stringify(found.find((unit) => phaseOf(unit) === 'DAST'))).toContain(
        'ghcr.io/zaproxy/zaproxy:stable',
      );
      // -I alone would pass every finding: the rules file must turn some to FAIL.
      const rules = option('-c') as string;
      expect(existsSync(join(CI_DIR, 'deploy', rules)), rules).toBe(true);
      expect(zap).toContain('-I');
      expect(zap).toContain('-r');
    },
  );

  it('deploy/zap-rules.tsv is a ZAP rules file that fails the high-risk rules', () => {
    const lines = readFileSync(join(CI_DIR, 'deploy/zap-rules.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    const rules = lines.map((line) => line.split('\t'));
    for (const [id, action] of rules) {
      expect(id).toMatch(/^[0-9]+$/);
      expect(['IGNORE', 'INFO', 'WARN', 'FAIL', 'OUTOFSCOPE']).toContain(action);
    }
    expect(rules.filter(([, action]) => action === 'FAIL').map(([id]) => id)).toEqual(
      expect.arrayContaining(['10062', '10097']),
    );
  });

  it('the staging URL the Jenkinsfile scans is its staging deployment', () => {
    const environment = JSON.stringify(onlyChild(jenkinsPipeline, 'environment'));
    expect(environment).toContain('"STAGING_URL"');
    expect(environment).toContain('https://staging.checkout.example.com');
  });
});

describe('the plans and flags the pipelines use are valid', () => {
  beforeAll(() => buildCliWhenStale());

  it.each(['deploy/checkout-canary.yaml', 'deploy/checkout-canary.staging.yaml'])('%s', async (plan) => {
    expectExit(await runCli(['rollout', 'validate', plan], { cwd: CI_DIR }), 0);
  });

  it('deploy/flags.yaml', async () => {
    expectExit(await runCli(['flags', 'validate', 'deploy/flags.yaml'], { cwd: CI_DIR }), 0);
  });
});
