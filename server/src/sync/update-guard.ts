/**
 * Checks an untrusted Yjs update before it touches a live document.
 *
 * Yjs 13 does not defend itself: garbage throws half-way through applying, and
 * updates whose dependencies are missing are parked in `store.pendingStructs`
 * forever (see ../shared/design/field-notes.md). This guard decodes the update
 * (bounded by its byte length) and refuses anything whose structs or deletions
 * refer to state the document does not have, so that applying it is expected to
 * integrate completely. The room still checks for pending state after applying
 * and treats a surprise as a reason to reload, never to acknowledge.
 */
import * as Y from 'yjs';
import { deepestNestingOf, MAX_NESTING_DEPTH } from './nesting-depth.js';
import { hasDependencyCycle } from './dependency-cycle.js';
import { checkNeighbourOrder, NeighbourOrderError } from './neighbour-order.js';
import { DEFAULT_INTEGRATION_BUDGET, integrationLimit, type IntegrationBudget } from './integration-budget.js';

export class InvalidUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidUpdateError';
  }
}

/**
 * The update builds on changes the server does not have yet. Normal for an honest
 * client that typed before answering our sync step 1 after a (re)connect: refuse
 * it, but ask for the missing state instead of treating the client as hostile.
 */
export class MissingDependenciesError extends InvalidUpdateError {
  constructor(message: string) {
    super(message);
    this.name = 'MissingDependenciesError';
  }
}

export interface UpdateGuardLimits {
  /** Largest update accepted, in bytes. */
  maxUpdateBytes: number;
  /** Most structs one update may carry (bounds the work spent integrating it). */
  maxStructs: number;
  /** Deepest nesting of shared types the document may reach (see nesting-depth.ts). */
  maxNestingDepth: number;
}

export const defaultUpdateGuardLimits: UpdateGuardLimits = {
  maxUpdateBytes: 8 * 1024 * 1024,
  maxStructs: 200_000,
  maxNestingDepth: MAX_NESTING_DEPTH,
};

const MAX_STRUCT_LENGTH = 2 ** 32;
/** The close reason (docs/PROTOCOL.md) for changes Yjs could integrate in no order. */
const CYCLE = 'update has changes that wait for each other in a cycle';

/**
 * Decodes an untrusted update within the size limits (the work is bounded by its length)
 * and refuses what no Yjs client sends, whatever the document holds: a struct of
 * impossible length, an item referring to a later change of its own client, a deletion
 * range that is empty. Throws InvalidUpdateError.
 *
 * Checked here, before anything is cut off, because a sync step 2 is cut at its gaps
 * (integrable-part.ts): what lies beyond what the server has, or builds on it, is set
 * aside as an honest client's pending changes, and the rest applied. Such impossible
 * parts would be dropped with it, where plain Yjs applies part of the update and then
 * throws. Found by the sync fuzz at 1 000 operations, both from a duplicated slice of a
 * sync step 2: seed 12 (op 966), an empty deletion range among deletions of clients the
 * server had never seen (Yjs's V2 encoder cannot write it into what it keeps pending:
 * "Unexpected case"); seed 6 (op 282), a new client's item whose parent was a clock of
 * that client far beyond the update.
 */
export function decodeWithinLimits(update: Uint8Array, limits: UpdateGuardLimits): ReturnType<typeof Y.decodeUpdate> {
  if (update.byteLength < 2) throw new InvalidUpdateError('empty update');
  if (update.byteLength > limits.maxUpdateBytes) throw new InvalidUpdateError('update too large');
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new InvalidUpdateError('update could not be decoded');
  }
  if (decoded.structs.length > limits.maxStructs) throw new InvalidUpdateError('update has too many structs');
  // Clocks are plain JS numbers; absurd lengths (crafted, never typed) would
  // push them towards 2^53 and break every later update of the document.
  for (const struct of decoded.structs) {
    if (struct.length < 0 || struct.length > MAX_STRUCT_LENGTH) throw new InvalidUpdateError('update has an impossible length');
    if (struct instanceof Y.Item && refersToOwnLaterChange(struct)) {
      // It waits for a change that, coming later from the same client, waits for it.
      throw new InvalidUpdateError(CYCLE);
    }
  }
  // Yjs writes a deletion range per run of deleted structs, each at least one long.
  for (const ranges of decoded.ds.clients.values()) {
    for (const range of ranges) {
      if (range.clock < 0 || range.len <= 0) throw new InvalidUpdateError('update has an impossible deletion');
    }
  }
  return decoded;
}

/**
 * Throws InvalidUpdateError when the update must not be applied to `doc`; returns its structs
 * (decoded, not integrated). `budget` is the integration budget the update will be applied
 * within (the room's, `RoomOptions.integrationBudget`): it caps the neighbour-order walk too.
 */
export function checkUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  limits: UpdateGuardLimits = defaultUpdateGuardLimits,
  budget: IntegrationBudget = DEFAULT_INTEGRATION_BUDGET,
): DecodedStructs {
  const decoded = decodeWithinLimits(update, limits);

  // Pass 1: per client, the update's structs must continue what the document has
  // (no gaps), which gives what the document will know once they are integrated.
  const reach = new Map<number, number>();
  const stateOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const have = stateOf(client);
    if (struct instanceof Y.Skip) throw new InvalidUpdateError('update has gaps (missing earlier changes)');
    if (clock > have) throw new MissingDependenciesError('update depends on changes the server does not have');
    reach.set(client, Math.max(have, clock + struct.length));
  }
  // Pass 2: everything an item hangs on (its neighbours and parent) must be known
  // by then; Yjs orders integration across clients itself.
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const dep of [struct.origin, struct.rightOrigin]) {
      if (dep && dep.clock >= stateOf(dep.client)) throw new MissingDependenciesError('update refers to unknown content');
    }
    const parent: unknown = struct.parent;
    if (parent instanceof Y.ID && parent.clock >= stateOf(parent.client)) {
      throw new MissingDependenciesError('update refers to an unknown parent');
    }
  }
  // …and reachable in some order: no change may wait, through others, for itself
  // (Yjs would throw half-way or keep them pending for good; dependency-cycle.ts).
  if (hasDependencyCycle(doc, decoded.structs)) throw new InvalidUpdateError(CYCLE);
  // …and each item's left neighbour before its right one, in one list; otherwise where Yjs puts
  // it depends on the order things were integrated in, and copies disagree (neighbour-order.ts).
  // The walk it takes is capped at as many steps as the room's integration budget allows Set
  // additions (integration-budget.ts), a bound of its own: a step here is one pointer move, a
  // fraction of an integration step, so a walk to the cap adds under 2 % (a fifth at worst) to
  // the time the budget allows (measured; neighbour-order.ts). The room's budget, not the default:
  // a room configured tighter must bound this walk as tightly as the integration.
  try {
    checkNeighbourOrder(doc, decoded.structs, integrationLimit(decoded.structs.length, budget));
  } catch (err) {
    if (err instanceof NeighbourOrderError) throw new InvalidUpdateError(err.message);
    throw err;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const have = stateOf(client);
    for (const range of ranges) {
      if (range.clock + range.len > have) throw new MissingDependenciesError('update deletes content the server does not have');
    }
  }
  // Pass 3: nothing may nest deeper than the limit; every recursive reader
  // (Yjs's own, the editor, exports) relies on it.
  let deepest: number;
  try {
    deepest = deepestNestingOf(doc, decoded.structs, limits.maxNestingDepth);
  } catch {
    throw new InvalidUpdateError('update has an impossible structure');
  }
  if (deepest > limits.maxNestingDepth) throw new InvalidUpdateError(`update nests content deeper than ${limits.maxNestingDepth} levels`);
  return decoded.structs;
}

export type DecodedStructs = ReturnType<typeof Y.decodeUpdate>['structs'];

/**
 * Whether an item names as a neighbour or parent a change of its own client made at or
 * after itself. Whatever an item refers to existed when it was made, and a client's
 * clock only grows. Yjs takes such a reference as already integrated and throws on it
 * half-way ("Cannot read properties of undefined"), or it waits in a cycle.
 */
function refersToOwnLaterChange(item: Y.Item): boolean {
  const parent: unknown = item.parent;
  return [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null].some(
    (ref) => ref !== null && ref.client === item.id.client && ref.clock >= item.id.clock,
  );
}

/** True when the document holds integrated-later state: something went wrong while applying. */
export function hasPendingState(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
