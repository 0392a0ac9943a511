/**
 * The consensus rule a document is judged by (C10–C12). Rules arrive from
 * authors over HTTP, so they are parsed from `unknown` with errors a person can
 * act on; everything downstream takes the checked `ConsensusRule` type.
 */
export type ConsensusRule = { kind: 'unanimous' } | { kind: 'quorum'; minAgree: number; maxDispute: number };

/** Every commissioner agrees with the current text, nobody disputes it. */
export const DEFAULT_CONSENSUS_RULE: ConsensusRule = Object.freeze({ kind: 'unanimous' });

/** Far above any commission; stops absurd numbers from being stored. */
export const MAX_RULE_COUNT = 10_000;

export type RuleParseResult = { ok: true; rule: ConsensusRule } | { ok: false; errors: string[] };

export function parseConsensusRule(input: unknown): RuleParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['rule must be an object like {"kind":"unanimous"}'] };
  }
  const raw = input as Record<string, unknown>;
  const errors: string[] = [];
  switch (raw.kind) {
    case 'unanimous':
      errors.push(...unknownKeys(raw, ['kind']));
      return errors.length ? { ok: false, errors } : { ok: true, rule: { kind: 'unanimous' } };
    case 'quorum': {
      errors.push(...unknownKeys(raw, ['kind', 'minAgree', 'maxDispute']));
      // minAgree 0 would mark text nobody has read as agreed, and publish it.
      const minAgree = count(raw.minAgree, 'minAgree', 1, errors);
      const maxDispute = count(raw.maxDispute, 'maxDispute', 0, errors);
      if (errors.length) return { ok: false, errors };
      return { ok: true, rule: { kind: 'quorum', minAgree: minAgree!, maxDispute: maxDispute! } };
    }
    default:
      return { ok: false, errors: [`kind must be "unanimous" or "quorum" (got ${describe(raw.kind)})`] };
  }
}

/**
 * Whether a rule can be met by this many commissioners. An unreachable rule is
 * still valid — membership may grow — but nothing is agreed until it is (C13).
 */
export function ruleIsReachable(rule: ConsensusRule, commissionerCount: number): boolean {
  return rule.kind === 'unanimous' ? commissionerCount > 0 : rule.minAgree <= commissionerCount;
}

/** One line for people: shown next to the document's status. */
export function describeConsensusRule(rule: ConsensusRule): string {
  if (rule.kind === 'unanimous') return 'Unanimous: every commissioner agrees, nobody disputes';
  const disputes = rule.maxDispute === 0 ? 'nobody disputes' : `at most ${rule.maxDispute} dispute`;
  return `Quorum: at least ${rule.minAgree} agree, ${disputes}`;
}

function count(value: unknown, name: string, min: number, errors: string[]): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_RULE_COUNT) {
    errors.push(`${name} must be a whole number from ${min} to ${MAX_RULE_COUNT} (got ${describe(value)})`);
    return undefined;
  }
  return value;
}

function unknownKeys(raw: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(raw)
    .filter((key) => !allowed.includes(key))
    .map((key) => `unknown field "${key}" for a ${String(raw.kind)} rule`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  // JSON.stringify has no text for functions and symbols; name their kind instead.
  return JSON.stringify(value) ?? `a ${typeof value}`;
}
