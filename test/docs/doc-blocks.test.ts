import { describe, expect, it } from 'vitest';
import { commandsOf, type DocBlock, findQuote, parseMarker } from '../support/doc-blocks.js';
import { Screen } from './support/terminal.js';

const block = (marker: string | null, text = '', lang = 'sh'): DocBlock => ({
  page: 'docs/example.md',
  line: 1,
  lang,
  text,
  marker,
});

describe('quoted output: numbers, durations and times stand for any value, … for any text', () => {
  it.each([
    ['stable 1,901 req 0.89% err', 'stable 22 req 12.5% err'],
    ['t+5m35s   step started', 't+8m      step started'],
    ['t+5m35s   verdict pass', 't+31s     verdict pass'],
    ['until 2026-12-04T16:47:17.787Z', 'until 2027-01-09T08:00:00.000Z'],
    ['evidence 4.9e+6 ≥ 100', 'evidence 120 ≥ 100'],
    ['(1 in a row) — …', '(1 in a row) — canary 13.9% (14/101) vs stable 1.12% (22/1,9…'],
    ['critical check failed: … canary 9%', 'critical check failed: canary 9%'],
    ['critical check failed: … canary 9%', 'critical check failed: limit 5%; canary 9%'],
  ])('%j matches %j', (quote, printed) => {
    expect(findQuote(quote, printed)).toBe(0);
  });

  it.each([
    ['verdict pass', 'verdict fail'],
    ['25% canary', '25% stable'],
    ['weight   ████████░░ 25%', 'weight   ███████░░░ 25%'],
  ])('%j does not match %j', (quote, printed) => {
    expect(findQuote(quote, printed)).toBe(-1);
  });

  it('a literal named by the marker is matched as written, numbers included', () => {
    expect(findQuote('verdict fail (1 in a row) — …', 'verdict fail (2 in a row) — x')).toBe(0);
    expect(
      findQuote('verdict fail (1 in a row) — …', 'verdict fail (2 in a row) — x', ['(1 in a row)']),
    ).toBe(-1);
    expect(
      findQuote('t+5m verdict fail (1 in a row) — …', 't+8m verdict fail (1 in a row) — x', ['(1 in a row)']),
    ).toBe(0);
  });

  it('a quote of several lines matches them together and in order', () => {
    const printed = ['a 1', 'b 2', 'c 3'].join('\n');
    expect(findQuote('b 7\nc 8', printed)).toBe(1);
    expect(findQuote('a 1\nc 3', printed)).toBe(-1);
    expect(findQuote('c 3\nb 2', printed)).toBe(-1);
  });
});

describe('doc-test markers', () => {
  it('run takes a terminal, a stop text, a fixture, an environment and an exit code', () => {
    expect(parseMarker(block('run tty'))).toEqual({ kind: 'run', tty: true, env: {}, exit: 0 });
    expect(parseMarker(block('run, stop at "holding, at least 10m"'))).toEqual({
      kind: 'run',
      tty: false,
      env: {},
      exit: 130,
      stopAt: 'holding, at least 10m',
    });
    expect(parseMarker(block('run, in fixture ci, with A=1 B=x=y, exit 4'))).toEqual({
      kind: 'run',
      tty: false,
      env: { A: '1', B: 'x=y' },
      exit: 4,
      fixture: 'ci',
    });
  });

  it('output of names its command; not run names its reason', () => {
    expect(parseMarker(block('output of "node v.mjs", exit 1', '', ''))).toEqual({
      kind: 'output of',
      command: 'node v.mjs',
      env: {},
      exit: 1,
      literals: [],
    });
    expect(parseMarker(block('not run: installs from npm'))).toEqual({
      kind: 'not run',
      reason: 'installs from npm',
    });
  });

  it('an unknown marker is an error that says where it is', () => {
    expect(() => parseMarker(block('runn'))).toThrow(/docs\/example\.md:1: .*not a doc-test marker/);
    expect(() => parseMarker(block('run, twice'))).toThrow(/unknown option "twice"/);
  });

  it('commands drop comments and join continued lines', () => {
    const text = 'npx a b   # why\n# a note\nnpx c \\\n  --d "e f" # g\n';
    expect(commandsOf(block('run', text))).toEqual(['npx a b', 'npx c --d "e f"']);
  });
});

describe('the terminal shows what the CLI last drew', () => {
  it('a block redrawn with cursor-up and erase-below leaves the lines above it and its last frame', () => {
    const screen = new Screen();
    screen.write('event 1\r\nblock a\r\nline a\r\n');
    screen.write('\u001b[2F\u001b[Jevent 2\r\nblock b\r\n\u001b');
    screen.write('[31mline\u001b[0m b\r\n');
    expect(screen.text()).toBe('event 1\nevent 2\nblock b\nline b\n');
  });
});
