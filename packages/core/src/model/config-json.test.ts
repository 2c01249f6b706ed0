import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';
import { largeConfig } from '../internal/large-config.test-helper.js';
import { runSteps, runStepsInSlices } from '../internal/time-slice.js';
import { configFromJsonSteps, parseConfigJson } from './config-json.js';

/** The shape fixtures/config-text.json documents in its `$comment`. */
interface TextCase {
  name: string;
  text: string;
  config?: unknown;
  issues?: ValidationIssue[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/config-text.json', import.meta.url), 'utf8'),
) as { cases: TextCase[] };

function outcome(read: () => unknown): { config: unknown } | { issues: readonly ValidationIssue[] } {
  try {
    return { config: read() };
  } catch (error) {
    if (error instanceof InvalidConfigError) return { issues: error.issues };
    throw error;
  }
}

describe('fixtures/config-text.json: how the text of a JSON flags file is read', () => {
  it.each(fixture.cases)('$name', (testCase) => {
    const read = outcome(() => runSteps(configFromJsonSteps(testCase.text, 'flags.json')));
    if (testCase.config !== undefined) expect(read).toEqual({ config: testCase.config });
    else expect(read).toEqual({ issues: testCase.issues });
  });
});

describe('JSON text is read as JSON.parse reads it, in steps', () => {
  it('any JSON text gives the value JSON.parse gives, at once or in slices (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), async (value, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        const expected = JSON.parse(text) as unknown;
        expect(parseConfigJson(text)).toEqual(expected);
        expect(parseConfigJson(`\ufeff ${text}\n`)).toEqual(expected);
      }),
    );
  });

  it('text that is not JSON is refused, as JSON.parse refuses it (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2 }),
        (value, at, junk) => {
          const text = JSON.stringify(value);
          const cut = at % (text.length + 1);
          const broken = text.slice(0, cut) + junk + text.slice(cut);
          let parsed = true;
          try {
            JSON.parse(broken);
          } catch {
            parsed = false;
          }
          const read = outcome(() => parseConfigJson(broken));
          if (parsed) expect(read).toEqual({ config: JSON.parse(broken) });
          else
            expect(read).toMatchObject({
              issues: [
                { path: '$', message: expect.stringMatching(/^cannot be parsed at line \d+ column \d+: /) },
              ],
            });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a 2,000-flag file read in slices gives what JSON.parse gives, in many slices', async () => {
    const text = JSON.stringify(largeConfig(2000), null, 2);
    let pauses = 0;
    const config = await runStepsInSlices(
      configFromJsonSteps(text),
      { sliceMs: 0 },
      { onPause: () => pauses++ },
    );
    expect(config).toEqual(JSON.parse(text));
    expect(pauses).toBeGreaterThan(100);
  });

  it('a syntax error names its line and column', () => {
    expect(
      outcome(() =>
        parseConfigJson('{\n  "flags": [\n    {"key": "a"}\n    {"key": "b"}\n  ]\n}', 'flags.json'),
      ),
    ).toEqual({
      issues: [
        {
          path: '$',
          message: 'cannot be parsed at line 4 column 5: expected "," or "]" after an array element',
        },
      ],
    });
  });

  it('the first error of the text is the one named, in a flag as between flags', () => {
    const inFlag = '{"flags": [{"a": "x\ty", "b" 1}]}';
    expect(outcome(() => parseConfigJson(inFlag))).toEqual({
      issues: [
        {
          path: '$',
          message: 'cannot be parsed at line 1 column 20: Bad control character in string literal',
        },
      ],
    });
    const inObject = '{"x": {"a": 1, "b" 2}}';
    expect(outcome(() => parseConfigJson(inObject))).toEqual({
      issues: [
        { path: '$', message: 'cannot be parsed at line 1 column 20: expected ":" after a property name' },
      ],
    });
  });

  it('the error names the source', () => {
    expect(() => parseConfigJson('{"a": 1, "a": 2}', 'flags.json')).toThrow(
      'invalid configuration in flags.json: a: duplicate key at line 1 column 10, first at line 1 column 2',
    );
  });
});
