import { describe, expect, it } from 'vitest';
import { cookieName, cookieValue, newToken, tokensMatch } from '../../../main/host/token';

describe('host token', () => {
  it('is random and long', () => {
    const a = newToken();
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only the exact token, whatever the length of the guess', () => {
    const t = newToken();
    expect(tokensMatch(t, t)).toBe(true);
    expect(tokensMatch(t, t.slice(0, -1))).toBe(false);
    expect(tokensMatch(t, `${t}x`)).toBe(false);
    expect(tokensMatch(t, '')).toBe(false);
    expect(tokensMatch(t, null)).toBe(false);
  });

  it('reads its per-port cookie among others', () => {
    expect(cookieName(8080)).toBe('tracker_token_8080');
    expect(cookieValue('a=1; tracker_token_8080=abc; tracker_token_9=zzz', 'tracker_token_8080')).toBe('abc');
    expect(cookieValue(undefined, 'x')).toBeNull();
    expect(cookieValue('xtracker_token_8080=abc', 'tracker_token_8080')).toBeNull();
  });
});
