import { describe, it, expect } from 'vitest';
import { DEFAULT_CONSENSUS_RULE, describeConsensusRule, parseConsensusRule, ruleIsReachable } from '../../src/consensus/index.js';

describe('consensus rules', () => {
  it('[C11] unanimous is the default and takes no parameters', () => {
    expect(DEFAULT_CONSENSUS_RULE).toEqual({ kind: 'unanimous' });
    expect(parseConsensusRule({ kind: 'unanimous' })).toEqual({ ok: true, rule: { kind: 'unanimous' } });
    expect(parseConsensusRule({ kind: 'unanimous', minAgree: 3 })).toEqual({
      ok: false,
      errors: ['unknown field "minAgree" for a unanimous rule'],
    });
  });

  it('[C11] quorum needs whole numbers: minAgree ≥ 1, maxDispute ≥ 0', () => {
    expect(parseConsensusRule({ kind: 'quorum', minAgree: 12, maxDispute: 2 })).toEqual({
      ok: true,
      rule: { kind: 'quorum', minAgree: 12, maxDispute: 2 },
    });
    expect(parseConsensusRule({ kind: 'quorum', minAgree: 1, maxDispute: 0 }).ok).toBe(true);
    const bad = parseConsensusRule({ kind: 'quorum', minAgree: 0, maxDispute: 1.5, extra: true });
    expect(bad).toEqual({
      ok: false,
      errors: [
        'unknown field "extra" for a quorum rule',
        'minAgree must be a whole number from 1 to 10000 (got 0)',
        'maxDispute must be a whole number from 0 to 10000 (got 1.5)',
      ],
    });
    expect(parseConsensusRule({ kind: 'quorum', minAgree: '3', maxDispute: 0 })).toMatchObject({
      ok: false,
      errors: ['minAgree must be a whole number from 1 to 10000 (got "3")'],
    });
    expect(parseConsensusRule({ kind: 'quorum', minAgree: Number.NaN })).toMatchObject({
      ok: false,
      errors: [
        'minAgree must be a whole number from 1 to 10000 (got NaN)',
        'maxDispute must be a whole number from 0 to 10000 (got nothing)',
      ],
    });
    expect(parseConsensusRule({ kind: 'quorum', minAgree: 1e9, maxDispute: 0 }).ok).toBe(false);
  });

  it('[C11] anything else is refused with a message saying what is expected', () => {
    for (const input of [null, undefined, 'unanimous', 3, [], {}]) {
      const result = parseConsensusRule(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]).toMatch(/rule must be an object|kind must be "unanimous" or "quorum"/);
    }
    expect(parseConsensusRule({ kind: 'majority' })).toEqual({
      ok: false,
      errors: ['kind must be "unanimous" or "quorum" (got "majority")'],
    });
  });

  it('[C11] rules are described in words for the people who must meet them', () => {
    expect(describeConsensusRule({ kind: 'unanimous' })).toMatch(/every commissioner agrees/);
    expect(describeConsensusRule({ kind: 'quorum', minAgree: 10, maxDispute: 2 })).toBe('Quorum: at least 10 agree, at most 2 dispute');
  });

  it('[C13] an unreachable rule is valid but reported as unreachable', () => {
    expect(parseConsensusRule({ kind: 'quorum', minAgree: 20, maxDispute: 0 }).ok).toBe(true);
    expect(ruleIsReachable({ kind: 'quorum', minAgree: 20, maxDispute: 0 }, 16)).toBe(false);
    expect(ruleIsReachable({ kind: 'quorum', minAgree: 16, maxDispute: 0 }, 16)).toBe(true);
  });

  it('[C12] unanimous with zero commissioners is unreachable too', () => {
    expect(ruleIsReachable({ kind: 'unanimous' }, 0)).toBe(false);
    expect(ruleIsReachable({ kind: 'unanimous' }, 1)).toBe(true);
  });
});
