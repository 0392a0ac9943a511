/**
 * The sync fuzz: thousands of mutated sync, awareness and unknown messages sent
 * over raw sockets to a real server, interleaved with valid edits by a good
 * client. Every operation is settled before the next (the server answers a
 * sync step 1 only once everything before it is committed), then the server's
 * whole state is read back through a read-only observer and checked against an
 * oracle that does not use server code:
 *
 * - the state is unchanged, or
 * - the message was an update that plain Yjs integrates completely into the
 *   previous state, and the new state is exactly that (a valid update is valid
 *   whoever sends it and however it was made).
 *
 * Anything else (a partial application, garbage stored, state lost) is a
 * violation. The run follows its seed: base messages and mutations come only
 * from the seeded generator and from what was accepted. What was accepted includes
 * the server's own block ids (random client ids, seen or not yet seen depending on
 * timing), so two runs of one seed can part ways; `dumpDir` keeps a violation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '@concord/shared';
import { randomEdit } from './edits.js';
import {
  clientsIn,
  cloneDoc,
  deleteSetOf,
  contentOf,
  formatStateVector,
  sameStateVector,
  stateVectorOf,
  stateVectorWithout,
  tryApply,
} from './doc-state.js';
import { mutate } from './mutate.js';
import { Random } from './random.js';
import { RawSyncSocket } from './raw-socket.js';
import { awarenessMessage, awarenessUpdate, parseClientMessage, queryAwarenessMessage, step1, step2, updateMessage } from './wire.js';

export interface SyncFuzzOptions {
  seed: number;
  iterations: number;
  serverUrl: string;
  docId: string;
  cookies: { good: string; attacker: string; observer: string };
  /** Client ids the server used itself (block ids); grows while the run goes on. */
  serverClientIds: ReadonlySet<number>;
  /** Share of operations that are valid edits by the good client (default 0.15). */
  goodShare?: number;
  log?: (line: string) => void;
  /** Where to write the state before, the message and the state after of each violation (to study it offline). */
  dumpDir?: string;
}

export interface SyncFuzzReport {
  seed: number;
  iterations: number;
  durationMs: number;
  goodEdits: number;
  /** Messages by base kind (before mutation). */
  byBase: Record<string, number>;
  /** unchanged | accepted, per operation. */
  outcomes: Record<string, number>;
  /** How the attacker's socket ended each operation: close code, or "open". */
  closeCodes: Record<string, number>;
  /** Mutated updates that plain Yjs throws on or leaves pending: the server must never store them. */
  yjsBad: number;
  violations: string[];
  /** What the valid updates alone produce (the good client's plus any attacker update that was valid). */
  expected: Y.Doc;
  /** Clients of every update the server accepted. */
  acceptedClients: Set<number>;
  /** Attacker clients seen only in updates that were refused. */
  garbageClients: Set<number>;
  /** Every `saved` state vector any of our sockets received. */
  saved: Map<number, number>[];
}

type Base = { kind: string; message: Uint8Array; payload?: Uint8Array; frame?: (payload: Uint8Array) => Uint8Array };

const ATTACKER_SLOTS = 4;
const OBSERVER_SLOTS = 3;
const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

export async function runSyncFuzz(o: SyncFuzzOptions): Promise<SyncFuzzReport> {
  const started = performance.now();
  const r = new Random(o.seed);
  const goodShare = o.goodShare ?? 0.15;
  const report: SyncFuzzReport = {
    seed: o.seed,
    iterations: o.iterations,
    durationMs: 0,
    goodEdits: 0,
    byBase: {},
    outcomes: {},
    closeCodes: {},
    yjsBad: 0,
    violations: [],
    expected: new Y.Doc(),
    acceptedClients: new Set(),
    garbageClients: new Set(),
    saved: [],
  };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const sockets: RawSyncSocket[] = [];
  const open = (cookie: string) => {
    const s = new RawSyncSocket(o.serverUrl, o.docId, cookie);
    sockets.push(s);
    return s;
  };

  const good = new Y.Doc();
  good.clientID = r.clientId();
  const expected = report.expected;
  let goodSocket: RawSyncSocket | undefined;
  const attackers: (RawSyncSocket | undefined)[] = new Array(ATTACKER_SLOTS).fill(undefined);
  let readOnlyAttacker: RawSyncSocket | undefined;
  const observers: (RawSyncSocket | undefined)[] = new Array(OBSERVER_SLOTS).fill(undefined);
  let nextObserver = 0;

  const live = async (s: RawSyncSocket | undefined, cookie: string, waitReady: boolean) => {
    if (s && !s.close) return s;
    const fresh = open(cookie);
    if (waitReady) await fresh.ready;
    else await fresh.opened;
    return fresh;
  };

  /** The server's whole state, read by a read-only member (retries across a document reload). */
  const observe = async (): Promise<Y.Doc> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const slot = nextObserver++ % OBSERVER_SLOTS;
      const s = (observers[slot] = await live(observers[slot], o.cookies.observer, true));
      const answer = await s.settle([], 0, EMPTY_SV);
      if (answer.step2) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, answer.step2);
        return doc;
      }
    }
    throw new Error('observer could not read the document five times in a row');
  };

  const comparable = (doc: Y.Doc) => ({
    content: contentOf(doc, { ignoreBlockIds: true }),
    sv: stateVectorWithout(stateVectorOf(doc), o.serverClientIds as Set<number>),
    deletions: deleteSetOf(doc, o.serverClientIds),
  });
  /**
   * The same state: the same structs and the same deletions (the server's own block-id structs
   * aside). Compared by content first; where the texts differ, by the deletions. A hostile update
   * can carry items whose origins Yjs cannot order consistently, and then the text a document
   * shows depends on the order its items were integrated in: the server's document and this
   * mirror plus the same message can hold exactly the same structs and deletions and read
   * differently (seed 20260611 op 580, on the path the fuzz takes when the server's block-id pass
   * lands before an observation). docs/RELIABILITY.md notes what this means for clients.
   */
  const same = (a: ReturnType<typeof comparable>, b: ReturnType<typeof comparable>) =>
    sameStateVector(a.sv, b.sv) && (a.content === b.content || a.deletions === b.deletions);

  let mirror = await observe();
  Y.applyUpdate(expected, Y.encodeStateAsUpdate(mirror));
  Y.applyUpdate(good, Y.encodeStateAsUpdate(mirror));

  const attackerFork = () => {
    const doc = cloneDoc(expected);
    doc.clientID = r.clientId();
    const edits = r.range(1, 4);
    for (let i = 0; i < edits; i++) randomEdit(doc, r, { blockIds: r.chance(0.7) });
    return doc;
  };

  const buildBase = (): Base => {
    const kind = r.weighted<string>([
      [5, 'update'],
      [2, 'step2-diff'],
      [2, 'step2-full'],
      [1, 'update-v2-as-v1'],
      [1, 'step1'],
      [2, 'awareness'],
      [1, 'query-awareness'],
      [1, 'unknown-type'],
    ]);
    const sv = Y.encodeStateVector(expected);
    switch (kind) {
      case 'update':
      case 'step2-diff':
      case 'step2-full':
      case 'update-v2-as-v1': {
        const doc = attackerFork();
        const payload =
          kind === 'step2-full'
            ? Y.encodeStateAsUpdate(doc)
            : kind === 'update-v2-as-v1'
              ? Y.encodeStateAsUpdateV2(doc, sv)
              : Y.encodeStateAsUpdate(doc, sv);
        const frame = kind === 'update' || kind === 'update-v2-as-v1' ? updateMessage : step2;
        doc.destroy();
        return { kind, message: frame(payload), payload, frame };
      }
      case 'step1': {
        const doc = attackerFork();
        const payload = Y.encodeStateVector(doc);
        doc.destroy();
        return { kind, message: step1(payload), payload, frame: step1 };
      }
      case 'awareness': {
        const payload = awarenessUpdate([
          {
            clientId: r.chance(0.2) ? good.clientID : r.clientId(),
            clock: r.int(10),
            state: r.chance(0.1) ? null : { user: { id: 'forged', name: 'Not Me' }, cursor: { anchor: r.int(100), head: r.int(100) } },
          },
        ]);
        return { kind, message: awarenessMessage(payload), payload, frame: awarenessMessage };
      }
      case 'query-awareness':
        return { kind, message: queryAwarenessMessage() };
      default: {
        const type = r.pick([4, 5, 7, 42, 99, 101, 127, 128, 200, 255, 16384]);
        const message = new Uint8Array([...(type < 128 ? [type] : [(type & 0x7f) | 0x80, type >> 7]), ...r.bytes(r.int(16))]);
        return { kind, message };
      }
    }
  };

  const describe = (i: number, what: string, extra: Record<string, unknown>, message?: Uint8Array) =>
    `op ${i} (seed ${o.seed}): ${what} ${JSON.stringify(extra)}${message ? ` bytes=${Buffer.from(message.subarray(0, 96)).toString('hex')}${message.length > 96 ? '…' : ''} (${message.length} B)` : ''}`;

  let mirrorView = comparable(mirror);
  for (let i = 0; i < o.iterations; i++) {
    if (r.chance(goodShare)) {
      // A valid edit by the well-behaved client: must be applied, acknowledged and kept.
      const before = Y.encodeStateVector(good);
      randomEdit(good, r, { blockIds: true });
      const update = Y.encodeStateAsUpdate(good, before);
      const local = tryApply(mirror, update);
      goodSocket = await live(goodSocket, o.cookies.good, true);
      const savedBefore = goodSocket.saved.length;
      const answer = await goodSocket.settle([updateMessage(update)], 0, EMPTY_SV);
      if (answer.closed)
        report.violations.push(describe(i, 'good client closed', { code: answer.closed.code, reason: answer.closed.reason }));
      const clock = Y.getState(good.store, good.clientID);
      const acked = goodSocket.saved.slice(savedBefore).some((sv) => (sv.get(good.clientID) ?? 0) >= clock);
      if (!answer.closed && !acked) report.violations.push(describe(i, 'good update not acknowledged', { clock }));
      Y.applyUpdate(expected, update);
      report.acceptedClients.add(good.clientID);
      const next = await observe();
      const nextView = comparable(next);
      if (!local.ok) report.violations.push(describe(i, 'good update does not apply locally', { reason: local.reason }));
      else if (!same(nextView, comparable(local.doc))) report.violations.push(describe(i, 'good update not applied as sent', {}));
      if (local.ok) local.doc.destroy();
      mirror.destroy();
      mirror = next;
      mirrorView = nextView;
      report.goodEdits++;
      continue;
    }

    const base = buildBase();
    bump(report.byBase, base.kind);
    let message = base.message;
    let applied: string[] = [];
    const how = r.weighted<'none' | 'payload' | 'message'>([
      [1, 'none'],
      [13, base.payload ? 'payload' : 'message'],
      [6, 'message'],
    ]);
    if (how === 'payload') {
      const m = mutate(base.payload!, r);
      message = base.frame!(m.bytes);
      applied = m.applied.map((n) => `payload:${n}`);
    } else if (how === 'message') {
      const m = mutate(base.message, r);
      message = m.bytes;
      applied = m.applied;
    }
    const readOnly = r.chance(0.1);
    const slot = r.int(ATTACKER_SLOTS);
    const early = r.chance(0.2); // send before the server has authorised the socket (queued)

    const parsed = parseClientMessage(message);
    // What the server is to integrate: the update, minus what the document already has when
    // one of its structs straddles the document's state (see asTheServerApplies).
    const candidate = parsed.kind === 'update' ? asTheServerApplies(mirror, parsed.update) : undefined;
    // A sync step 2 is applied as far as it integrates: what Yjs would park as pending is left out.
    const local = candidate ? tryApply(mirror, candidate, parsed.kind === 'update' && parsed.answer) : undefined;
    // New structs under the good client's id (a mutated clock can make its known structs new) are
    // withheld, with whatever builds on them, and the rest applied (docs/PROTOCOL.md, "Client ids
    // belong to accounts"): plain Yjs on the update without them, what it parks forgotten. Seed 17
    // at 1 000 operations, op 932: a sync step 2 whose good-client structs started at its clock.
    const withheld = candidate && !readOnly ? withoutStructsOf(mirror, candidate, good.clientID) : undefined;
    const allowed = withheld ? tryApply(mirror, withheld, true) : local;
    if (local && !local.ok) {
      report.yjsBad++;
      for (const c of clientsIn(candidate!)) if (!report.acceptedClients.has(c)) report.garbageClients.add(c);
    }
    const extraStep2 = parsed.kind === 'step1' && parsed.stateVectorValid ? 1 : 0;

    let socket: RawSyncSocket;
    if (readOnly) socket = readOnlyAttacker = await live(readOnlyAttacker, o.cookies.observer, !early);
    else socket = attackers[slot] = await live(attackers[slot], o.cookies.attacker, !early);
    const answer = await socket.settle([message], extraStep2, EMPTY_SV);
    bump(report.closeCodes, answer.closed ? String(answer.closed.code) : 'open');

    const next = await observe();
    const nextView = comparable(next);
    const info = {
      base: base.kind,
      mutations: applied,
      readOnly,
      early,
      parsed: parsed.kind,
      yjs: local ? (local.ok ? 'ok' : local.reason) : '-',
      close: answer.closed?.code ?? 'open',
    };
    if (same(nextView, mirrorView)) {
      bump(report.outcomes, 'unchanged');
    } else if (parsed.kind === 'update' && !readOnly && allowed?.ok && same(nextView, comparable(allowed.doc))) {
      bump(report.outcomes, withheld ? 'accepted, withheld in part' : 'accepted');
      // What integrated (all of it, but for a sync step 2 cut at a gap or what was withheld).
      const integrated = Y.encodeStateAsUpdate(allowed.doc, Y.encodeStateVector(mirror));
      Y.applyUpdate(expected, integrated);
      for (const c of clientsIn(integrated)) {
        report.acceptedClients.add(c);
        report.garbageClients.delete(c);
      }
    } else {
      report.violations.push(
        describe(
          i,
          'server state changed in a way the message does not explain',
          { ...info, before: formatStateVector(mirrorView.sv), after: formatStateVector(nextView.sv) },
          message,
        ),
      );
      if (o.dumpDir) {
        mkdirSync(o.dumpDir, { recursive: true });
        writeFileSync(join(o.dumpDir, `op-${i}-before.bin`), Y.encodeStateAsUpdate(mirror));
        writeFileSync(join(o.dumpDir, `op-${i}-message.bin`), message);
        writeFileSync(join(o.dumpDir, `op-${i}-after.bin`), Y.encodeStateAsUpdate(next));
      }
    }
    if (parsed.kind === 'invalid' && answer.closed?.code !== CloseCode.badMessage && answer.closed?.code !== CloseCode.rateLimited) {
      report.violations.push(describe(i, 'undecodable message not refused with 4400', info, message));
    }
    if (readOnly && parsed.kind === 'update' && !same(nextView, mirrorView)) {
      report.violations.push(describe(i, 'read-only member changed the document', info, message));
    }
    if (local?.ok) local.doc.destroy();
    if (withheld && allowed?.ok) allowed.doc.destroy();
    mirror.destroy();
    mirror = next;
    mirrorView = nextView;

    if ((i + 1) % 250 === 0) {
      const want = comparable(expected);
      if (!same(want, mirrorView))
        report.violations.push(
          describe(i, 'server no longer equals the valid updates alone', {
            want: formatStateVector(want.sv),
            have: formatStateVector(mirrorView.sv),
          }),
        );
      o.log?.(`fuzz ${i + 1}/${o.iterations}: ${JSON.stringify(report.outcomes)} closes ${JSON.stringify(report.closeCodes)}`);
    }
    if (report.violations.length > 20) break;
  }

  const want = comparable(expected);
  if (!same(want, mirrorView))
    report.violations.push(
      `end (seed ${o.seed}): server does not equal the valid updates alone: want ${formatStateVector(want.sv)} have ${formatStateVector(mirrorView.sv)}`,
    );
  for (const s of sockets) report.saved.push(...s.saved);
  await Promise.all(sockets.map((s) => s.shutdown()));
  mirror.destroy();
  good.destroy();
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/**
 * The update the server integrates (server/src/sync/room.ts). When one of its
 * structs starts inside what the document has and runs past it, Yjs would place
 * the new part by the item at the last known clock but in the type the struct's
 * claimed origin names: a crafted struct links an item into another type's list
 * and the document stops equalling what it stores. So the server first cuts off
 * what it already has, which changes nothing for honest updates. Returns the
 * update unchanged otherwise, or when it does not decode (then it is refused).
 */
function asTheServerApplies(doc: Y.Doc, update: Uint8Array): Uint8Array {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return update;
  }
  const straddles = structs.some((s) => {
    const have = Y.getState(doc.store, s.id.client);
    return s.id.clock < have && s.id.clock + s.length > have;
  });
  return straddles ? Y.diffUpdate(update, Y.encodeStateVector(doc)) : update;
}

/**
 * `update` without the new structs of `client` (what the document lacks of it), or undefined
 * when it has none (or does not decode).
 */
function withoutStructsOf(doc: Y.Doc, update: Uint8Array, client: number): Uint8Array | undefined {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return undefined;
  }
  const have = Y.getState(doc.store, client);
  if (!structs.some((s) => s.id.client === client && s.id.clock + s.length > have)) return undefined;
  // A state vector claiming all of `client`: the diff keeps none of its structs.
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, 1);
  encoding.writeVarUint(sv, client);
  encoding.writeVarUint(sv, Number.MAX_SAFE_INTEGER);
  return Y.diffUpdate(update, encoding.toUint8Array(sv));
}

/**
 * "No bad update was acknowledged": every `saved` state vector is covered by
 * `final` (the state the server reloads from its store), and none mentions a
 * client that only ever sent refused updates or a clock beyond what was accepted.
 */
export function checkAcknowledgements(report: SyncFuzzReport, final: Map<number, number>, serverClientIds: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  const accepted = stateVectorOf(report.expected);
  for (const sv of report.saved) {
    for (const [client, clock] of sv) {
      if ((final.get(client) ?? 0) < clock)
        problems.push(`acknowledged ${client}:${clock} but the stored document has ${final.get(client) ?? 0}`);
      if (serverClientIds.has(client)) continue;
      if (report.garbageClients.has(client)) problems.push(`acknowledged client ${client} that only sent refused updates`);
      else if ((accepted.get(client) ?? 0) < clock)
        problems.push(`acknowledged ${client}:${clock} beyond the valid updates (${accepted.get(client) ?? 0})`);
    }
    if (problems.length > 10) break;
  }
  return problems;
}

/** One line for logs and docs/RELIABILITY.md. */
export function summarise(report: SyncFuzzReport): string {
  const attacks = report.iterations - report.goodEdits;
  return `seed ${report.seed}: ${report.iterations} operations (${attacks} hostile, ${report.goodEdits} good edits) in ${(report.durationMs / 1000).toFixed(1)} s; outcomes ${JSON.stringify(report.outcomes)}; attacker socket after each: ${JSON.stringify(report.closeCodes)}; ${report.yjsBad} updates Yjs itself rejects or parks; ${report.violations.length} violations`;
}
