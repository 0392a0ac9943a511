/**
 * Caps on open sync sockets per account and per network address, so that one
 * account or one machine cannot exhaust the server.
 */
export class ConnectionLimits {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    readonly maxPerUser: number,
    readonly maxPerAddress: number,
  ) {}

  /** Reserves a slot; returns a release function, or null when a cap is reached. */
  acquire(userId: string, address: string): (() => void) | null {
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
