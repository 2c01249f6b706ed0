import { describe, expect, it } from 'vitest';
import { regexMatch } from './regex.js';

function matcher(value: string, caseInsensitive = false) {
  const predicate = regexMatch({ contextName: 'userId', operator: 'REGEX', value, caseInsensitive });
  if (predicate === undefined) throw new Error(`pattern refused: ${value}`);
  return (userId: string) => predicate({ userId });
}

describe('REGEX has RE2 semantics: linear-time matching, whatever the pattern', () => {
  // Each of these takes exponential time in a backtracking engine (JavaScript's RegExp) on this
  // input; with RE2 each is one linear scan, so the suite's timeout is never approached.
  const hostile = 'a'.repeat(50_000);
  for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(.*a){20}$', '^(\\w+\\s?)*$']) {
    it(`${pattern} on a hostile input answers without backtracking`, () => {
      expect(matcher(pattern)(`${hostile}!`)).toBe(false);
    });
  }

  it('searches unanchored, as Rust regex is_match does', () => {
    expect(matcher('cat')('concatenate')).toBe(true);
    expect(matcher('^cat')('concatenate')).toBe(false);
  });

  it('supports POSIX classes, Perl classes and leading inline flags', () => {
    expect(matcher('^[[:digit:]]{3}-[[:alpha:]]+$')('123-abc')).toBe(true);
    expect(matcher('^\\d+$')('12a')).toBe(false);
    expect(matcher('(?i)^ABC$')('abc')).toBe(true);
    expect(matcher('(?s)^a.b$')('a\nb')).toBe(true);
    expect(matcher('^a.b$')('a\nb')).toBe(false);
  });

  it('caseInsensitive turns on case folding for the whole pattern', () => {
    expect(matcher('^abc$', true)('ABC')).toBe(true);
  });

  it('refuses patterns RE2 refuses: lookaround, backreferences, oversized repetition', () => {
    for (const pattern of ['(?=a)', '(?!a)', '(a)\\1', '(a{1000}){1000}', 'a'.repeat(5000)]) {
      expect(
        regexMatch({ contextName: 'x', operator: 'REGEX', value: pattern }),
        pattern.slice(0, 20),
      ).toBeUndefined();
    }
  });
});
