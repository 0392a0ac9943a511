/**
 * Caps on open sync sockets per account and per network address, so that one
 * account or one machine cannot exhaust the server. With several processes
 * (REDIS_URL) the counts live in Redis (events/redis-connection-slots.ts), so the
 * caps hold for the whole deployment, not per process.
 */

/** Gives back a slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

export interface ConnectionSlots {
  /** Reserves a slot for one socket; null when a cap is reached. */
  acquire(userId: string, address: string): Promise<ReleaseSlot | null>;
}

/** The counts in this process's memory. */
export class ConnectionLimits implements ConnectionSlots {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    readonly maxPerUser: number,
    readonly maxPerAddress: number,
  ) {}

  acquire(userId: string, address: string): Promise<ReleaseSlot | null> {
    return Promise.resolve(this.acquireNow(userId, address));
  }

  /** Reserves a slot at once; returns a release function, or null when a cap is reached. */
  acquireNow(userId: string, address: string): ReleaseSlot | null {
    if ((this.byUser.get(userId) ?? 0) >= this.maxPerUser) return null;
    if ((this.byAddress.get(address) ?? 0) >= this.maxPerAddress) return null;
    bump(this.byUser, userId, 1);
    bump(this.byAddress, address, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byUser, userId, -1);
      bump(this.byAddress, address, -1);
    };
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
