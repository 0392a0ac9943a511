/**
 * Responsiveness under attack, against a real server process: while three
 * attackers hammer a 150-page report (garbage, oversize, updates that make
 * integration quadratic, floods of sync requests from a socket that never
 * reads, message bursts), /healthz keeps answering, edits on another document
 * reach the other client, the offenders get their documented close codes, and
 * afterwards the report's clients converge (support/under-attack.ts).
 *
 * "No one account can slow the server down for the others" is measured in the
 * server's own CPU time: how much work it did while an honest answer was awaited
 * (support/process-cpu.ts). A loaded CI machine stretches wall-clock answers many
 * times over (past 5 s at load 28) but not that; an attacker's work that holds the
 * event loop shows in it whatever the load. Without the defences one quadratic
 * update alone kept the server busy for seconds to minutes.
 *
 * ATTACK_SECONDS (default 8) makes the attack longer; ATTACK_KINDS=quadratic,burst narrows it.
 */
import { describe, expect, it } from 'vitest';
import type { AttackKind } from '../fuzz/support/attacks.js';
import { intFromEnv } from '../fuzz/support/random.js';
import { runUnderAttack, summariseUnderAttack } from '../fuzz/support/under-attack.js';

const ATTACK_MS = intFromEnv('ATTACK_SECONDS', 8) * 1000;
/**
 * The attack goes on until the quiet document has had this many edits: each waits
 * for the last to arrive, so on a loaded machine fewer fit in ATTACK_SECONDS (five
 * at load 15), and the count below measured the machine, not the server.
 */
const QUIET_EDITS = 6;
const KINDS = process.env.ATTACK_KINDS ? (process.env.ATTACK_KINDS.split(',') as AttackKind[]) : undefined;
/**
 * Most server CPU time one honest answer may wait behind. With the defences the worst
 * seen was 0.94 s (a health check, load ~10); with the integration budget removed the
 * server stopped answering health checks at all (the run fails there, at any load).
 */
const MAX_SERVER_CPU_MS_PER_ANSWER = 3000;

describe('responsiveness while one document is under attack', () => {
  it('health checks answer, another document keeps syncing, offenders get their close codes', async () => {
    const report = await runUnderAttack({
      seed: 20260612,
      attackMs: ATTACK_MS,
      minQuietEdits: QUIET_EDITS,
      ...(KINDS ? { kinds: KINDS } : {}),
    });
    console.info(`under attack: ${summariseUnderAttack(report)}`);
    expect(report.serverAlive).toBe(true);
    expect(report.violations).toEqual([]);
    expect(report.healthCpuMs.max, 'server CPU time a health check waited behind').toBeLessThan(MAX_SERVER_CPU_MS_PER_ANSWER);
    expect(report.quietEditMs.count).toBeGreaterThanOrEqual(QUIET_EDITS);
    expect(report.quietEditCpuMs.max, "server CPU time an edit's trip waited behind").toBeLessThan(MAX_SERVER_CPU_MS_PER_ANSWER);
    // Reloading the 1.8 MB report after each half-applied pile-up lets V8's heap grow
    // before it collects (no leak: the heap after a full GC stays flat over 40 reloads);
    // one unbounded sync flood alone used to add about 1 GB.
    expect(report.rssMiB.after - report.rssMiB.before).toBeLessThan(800);
  }, 900_000); // a watchdog: on a loaded machine the run stretches to minutes
});
