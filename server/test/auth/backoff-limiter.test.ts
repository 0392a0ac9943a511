import { describe, expect, it } from 'vitest';
import { BackoffLimiter } from '../../src/auth/backoff-limiter.js';
import { addressBehindProxies, normalizeAddress } from '../../src/auth/client-address.js';

function limiter() {
  let now = 1_000_000;
  const l = new BackoffLimiter({ waitAfterFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('BackoffLimiter', () => {
  it('lets the first failures through, then doubles the wait up to the cap', () => {
    const { l } = limiter();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      l.fail('k');
      waits.push(l.msUntilAllowed('k'));
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(l.msUntilAllowed('other')).toBe(0);
  });

  it('the wait runs out; a success or a quiet spell forgets the key', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 4; i++) l.fail('k');
    expect(l.msUntilAllowed('k')).toBe(2000);
    advance(1500);
    expect(l.msUntilAllowed('k')).toBe(500);
    advance(500);
    expect(l.msUntilAllowed('k')).toBe(0);
    l.fail('k');
    expect(l.msUntilAllowed('k')).toBe(4000);
    l.reset('k');
    expect(l.msUntilAllowed('k')).toBe(0);
    for (let i = 0; i < 4; i++) l.fail('k');
    advance(60_001);
    l.fail('k');
    expect(l.msUntilAllowed('k'), 'forgotten after a quiet minute: this failure is free again').toBe(0);
  });
});

describe('client address behind proxies', () => {
  const trusted = new Set(['10.0.0.1', '10.0.0.2']);

  it('believes X-Forwarded-For only from a trusted proxy, read from the right', () => {
    expect(addressBehindProxies('10.0.0.1', '203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(addressBehindProxies('10.0.0.1', 'forged, 203.0.113.7, 10.0.0.2', trusted)).toBe('203.0.113.7');
    expect(addressBehindProxies('198.51.100.4', '203.0.113.7', trusted)).toBe('198.51.100.4');
    expect(addressBehindProxies('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    expect(addressBehindProxies('10.0.0.1', '10.0.0.2', trusted)).toBe('10.0.0.2');
  });

  it('treats an IPv4 address on a dual-stack socket as the IPv4 address', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(addressBehindProxies(normalizeAddress('::ffff:10.0.0.1'), '::ffff:203.0.113.7', trusted)).toBe('203.0.113.7');
  });
});
