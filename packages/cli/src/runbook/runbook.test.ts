import { type PlanInput, validatePlan } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../program/parse.js';
import { findRampkitCommands } from '../program/script-commands.js';
import { renderRunbook } from './runbook.js';

function runbook(input: Partial<PlanInput> & Pick<PlanInput, 'strategy'>, id?: string): string {
  const plan = validatePlan({ flag: 'checkout', ...input });
  return renderRunbook({ plan, source: 'plans/checkout.yaml', ...(id === undefined ? {} : { id }) });
}

/** The runbook of a one-step canary (10%, held `hold` when given) with `input`'s other fields. */
function oneStepCanary(input: Partial<PlanInput> = {}, hold?: string): string {
  const step = hold === undefined ? { weight: 10 } : { weight: 10, hold };
  return runbook({ strategy: 'canary', steps: [step], ...input });
}

/** The text of one `## section`, up to the next one. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThan(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

const CANARY: Partial<PlanInput> & Pick<PlanInput, 'strategy'> = {
  strategy: 'canary',
  steps: [
    { weight: 5, hold: '10m' },
    { weight: 25, hold: '10m', analysis: { maxErrorRate: 0.05 } },
    { approval: true },
    { weight: 50, hold: '15m', analysis: false },
  ],
  analysis: {
    interval: '1m',
    minRequests: 500,
    maxErrorRate: 0.02,
    noData: { deadline: '20m', action: 'rollback' },
  },
};

describe('steps: one section a step of the plan as the controller expands it', () => {
  it('a canary plan: every step, its weight, hold, analysis and approval, and the final 100% the model appends', () => {
    const text = runbook(CANARY);
    const headings = text.split('\n').filter((line) => line.startsWith('### Step '));
    expect(headings).toEqual([
      '### Step 1: 5% to canary',
      '### Step 2: 25% to canary',
      '### Step 3: 25% to canary',
      '### Step 4: 50% to canary',
      '### Step 5: 100% to canary',
    ]);
    const steps = section(text, 'The steps');
    expect(steps).toContain('| 1 | 5% | yes | 10m | analysed | no |');
    expect(steps).toContain('| 2 | 25% | yes | 10m | analysed (own settings) | no |');
    expect(steps).toContain('| 3 | 25% | no | – | analysed | yes |');
    expect(steps).toContain('| 4 | 50% | yes | 15m | not analysed | no |');
    expect(steps).toContain('| 5 | 100% | yes | – | not analysed | no |');
    expect(steps).toContain("the canary's share rises from 0% to 5%");
    expect(steps).toContain('The weight stays at 25%: no gate, window or freeze is checked.');
    expect(steps).toContain(
      'Then it waits for a person: `rampkit rollout approve "$ROLLOUT_ID" --by "<you>"`',
    );
    expect(steps).toContain('Nothing is analysed here; the step ends after 15m.');
    expect(steps).toContain(
      'When this step completes the rollout is **promoted**: `canary` serves 100% of `checkout`.',
    );
    // Step 2's override, in its own words, and only there.
    expect(steps).toContain('This step checks with its own settings');
    expect(steps.match(/above 5% with 99% confidence/g)).toHaveLength(1);
    expect(text).toContain('**Takes at least** 35m (the holds)');
  });

  it('a linear ramp: the steps validatePlan expands, not a second reading of linear', () => {
    const input = { strategy: 'linear' as const, linear: { step: 12.5, every: '10m', max: 40 } };
    const text = runbook(input);
    const weights = validatePlan({ flag: 'checkout', ...input }).steps.map((step) => step.weight);
    expect(weights).toEqual([12.5, 25, 37.5, 40, 100]);
    expect(text.split('\n').filter((line) => line.startsWith('### Step '))).toEqual(
      weights.map((weight, index) => `### Step ${index + 1}: ${weight}% to canary`),
    );
    expect(text).toContain('**Strategy** linear ramp (equal increments): 12.5% → 25% → 37.5% → 40% → 100%.');
  });

  it('an exponential ramp', () => {
    const text = runbook({ strategy: 'exponential', exponential: { start: 1, factor: 3, every: '5m' } });
    expect(text).toContain('1% → 3% → 9% → 27% → 81% → 100%');
    expect(text).toContain('**Takes at least** 30m');
  });

  it('blue-green: one switch, judged against the baseline before it, with the doubled boundary', () => {
    const text = runbook({
      strategy: 'blueGreen',
      blueGreen: { window: '15m', baseline: '30m' },
      analysis: { maxErrorRate: 0.02 },
    });
    const steps = section(text, 'The steps');
    expect(steps).toContain('everyone switches from stable to canary at once');
    expect(steps).toContain(
      'compared with what stable served in the 30m before the switch, for 15m after it',
    );
    expect(steps).toContain('The step lasts at least 15m');
    const checks = section(text, 'What is checked');
    expect(checks).toContain("**Error rate against stable's metrics before the switch**");
    // The comparison against a bound on the baseline spends half of alpha on the bound: 2/alpha.
    expect(checks).toContain('reaches 200 (alpha 0.01)');
  });
});

describe('checks and their thresholds, in plain words', () => {
  it('absolute limits, comparisons, the margin and the failure rule', () => {
    const text = oneStepCanary(
      {
        analysis: {
          interval: '2m',
          minRequests: 300,
          maxErrorRate: 0.02,
          maxLatencyMs: { p99: 1500, p50: 200 },
          compareErrorRate: { enabled: true, alpha: 0.05, margin: 0.1 },
          compareLatency: { enabled: true, quantile: 'p95', tolerance: 0.25, minRequests: 800 },
          critical: ['errorRate', 'compareErrorRate'],
          consecutiveFailures: 4,
        },
      },
      '5m',
    );
    const checks = section(text, 'What is checked');
    expect(checks).toContain('each arm has served 300 requests at that step');
    expect(checks).toContain(
      "fails when the canary's error rate over the latest 2m is above 2% with 95% confidence",
    );
    expect(checks).toContain(
      "fails when the canary's p99 over the latest 2m is above 1,500 ms with 95% confidence (more than 1% of its requests",
    );
    expect(checks).toContain(
      'p50 over the latest 2m is above 200 ms with 95% confidence (more than 50% of its requests',
    );
    expect(checks).toContain(
      "exceeds stable's by more than 10% of stable's rate (a margin of 0.1 tolerates 1.1% against 1%) reaches 20 (alpha 0.05)",
    );
    expect(checks).toContain("slower than 1.25 × stable's p95");
    expect(checks).toContain('both arms have 800 latency samples');
    expect(checks).toContain(
      'a single failure of `errorRate` or `compareErrorRate` rolls back at once; any other failing check rolls back after 4 failed verdicts in a row',
    );
  });

  it('defaults: no absolute limits, a zero margin, one critical check', () => {
    const checks = section(oneStepCanary(), 'What is checked');
    expect(checks).not.toContain('**Error rate** (`errorRate`)');
    expect(checks).not.toContain('latency** (`latency`)');
    expect(checks).toContain("the canary's error rate is higher than stable's reaches 100 (alpha 0.01)");
    expect(checks).toContain('a single failure of `compareErrorRate` rolls back at once');
    expect(checks).toContain(
      '**No passing verdict**: a step whose hold is over and that has had no passing verdict within 30m of its start pauses the rollout',
    );
  });

  it('checks turned off, nothing critical, one failure enough', () => {
    const checks = section(
      oneStepCanary({
        analysis: {
          compareErrorRate: { enabled: false },
          compareLatency: { enabled: false },
          critical: [],
          consecutiveFailures: 1,
          noData: { action: 'continue' },
        },
      }),
      'What is checked',
    );
    expect(checks).toContain('**Error rate against stable** (`compareErrorRate`): off.');
    expect(checks).toContain('**Latency against stable** (`compareLatency`): off.');
    expect(checks).toContain(
      'no check is critical; any other failing check rolls back after 1 failed verdict in a row',
    );
    expect(checks).toContain('completes without one (`noData.action: continue`');
  });
});

describe('gates, windows and freezes', () => {
  it('each gate kind, the windows as the controller describes them, freezes and the forced promote', () => {
    const text = oneStepCanary(
      {
        gates: {
          healthChecks: [
            { url: 'https://user:secret@checkout.example.com/healthz?token=abc', timeout: '3s' },
            { name: 'db' },
          ],
          webhooks: [
            { url: 'https://gate.example.com/approve', name: 'change-board', retries: 1, backoff: '2s' },
          ],
          windows: [
            { days: ['mon', 'tue', 'wed', 'thu'], start: '09:00', end: '16:00', timeZone: 'Europe/Berlin' },
          ],
          freezes: [{ from: '2026-12-20', to: '2027-01-02', reason: 'year-end freeze' }],
          maxFailures: 5,
        },
      },
      '5m',
    );
    const gates = section(text, 'Gates, windows and freezes');
    expect(gates).toContain(
      '- health check `https://checkout.example.com/healthz`: GET https://checkout.example.com/healthz must answer 2xx within 3s',
    );
    expect(text).not.toContain('secret');
    expect(text).not.toContain('token=abc');
    expect(gates).toContain(
      '- health check `db`: a function every controller driving the rollout must register',
    );
    expect(gates).toContain(
      '- webhook gate `change-board`: POST to https://gate.example.com/approve must answer 2xx within 10s, tried 2 times (backoff 2s, doubling)',
    );
    expect(gates).toContain('5 failures in a row pause the rollout');
    expect(gates).toContain('inside Mon–Thu 09:00–16:00 Europe/Berlin');
    expect(gates).toContain(
      'change freeze "year-end freeze" (2026-12-20T00:00:00.000Z to 2027-01-03T00:00:00.000Z)',
    );
    expect(section(text, 'Steering it by hand')).toContain(
      '`rampkit rollout promote "$ROLLOUT_ID" --force --by "<you>"`',
    );
    expect(section(text, 'When something is down')).toContain(
      'only controllers that register them can pass its gates',
    );
    expect(section(text, 'The steps')).toContain(
      'Before traffic moves the controller waits until no change freeze is in force, the time is inside a deployment window and every gate passes',
    );
  });

  it('no gates: says so; notifications show only their origin', () => {
    const text = oneStepCanary({
      notifications: [
        {
          url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
          events: ['rolledBack', 'promoted'],
          secret: 's3cr3t-key',
        },
      ],
    });
    expect(section(text, 'Gates, windows and freezes')).toContain(
      'None: traffic moves whenever a step completes',
    );
    expect(section(text, 'Notifications')).toContain(
      '- https://hooks.slack.com: rolledBack, promoted, signed (HMAC-SHA256)',
    );
    expect(text).not.toContain('XXXXSECRET');
    expect(text).not.toContain('s3cr3t-key');
  });
});

describe('the commands a runbook gives', () => {
  it('every one is a command the CLI parses, with the rollout id or $ROLLOUT_ID', () => {
    for (const [id, expected] of [
      [undefined, '$ROLLOUT_ID'],
      ['checkout-v2', 'checkout-v2'],
    ] as const) {
      const text = runbook({ ...CANARY, gates: { freezes: [{ from: '2026-12-20', to: '2027-01-02' }] } }, id);
      const commands = [...text.matchAll(/`(rampkit [^`]+)`/g)].map((match) => match[1] as string);
      const fenced = section(text, 'Before you start')
        .split('\n')
        .filter((line) => line.startsWith('rampkit '));
      expect(commands.length).toBeGreaterThan(15);
      const parsed = [...commands, ...fenced].flatMap((command) => findRampkitCommands(command));
      expect(parsed.length).toBe(commands.length + fenced.length);
      const names = new Set<string>();
      for (const command of parsed) {
        const result = parseCommandLine(command.args);
        expect(result.kind, command.text).toBe('command');
        if (result.kind === 'command') names.add(result.spec.path.join(' '));
        const takesId = [
          'status',
          'pause',
          'resume',
          'approve',
          'promote',
          'skip-step',
          'rollback',
          'abort',
          'retry',
          'history',
        ];
        if (command.args[0] === 'rollout' && takesId.includes(command.args[1] as string))
          expect(command.args[2], command.text).toBe(expected);
      }
      for (const name of [
        'rollout run',
        'rollout status',
        'rollout pause',
        'rollout resume',
        'rollout approve',
        'rollout promote',
        'rollout rollback',
        'rollout abort',
        'report',
        'controller',
      ])
        expect(names, name).toContain(name);
    }
  });

  it('the same plan gives the same bytes', () => {
    expect(runbook(CANARY, 'a')).toBe(runbook(CANARY, 'a'));
    expect(runbook(CANARY, 'a')).not.toBe(runbook(CANARY, 'b'));
  });

  it('says what the no-data action does during a store outage', () => {
    const down = section(runbook(CANARY), 'When something is down');
    expect(down).toContain('the no-data deadline (20m)');
    expect(down).toContain('takes `noData.action: rollback` (the rollout rolls back to stable)');
    expect(down).toContain('exit 3 after 30 s without an answer');
    expect(down).toContain('`driver: not driven since …`');
  });
});
