/**
 * Which address a request comes from, when reverse proxies stand in between.
 * Behind a proxy every request comes from the proxy, so per-address limits would
 * lump everyone together; `TRUSTED_PROXIES` names the proxies whose
 * `X-Forwarded-For` is believed. The header is read right to left (each proxy
 * appends the address it saw) and the first address that is not a trusted proxy
 * is the client. From anyone else the header is ignored: a client cannot choose
 * its own address.
 */
export function addressBehindProxies(peer: string, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string {
  if (!trusted.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((s) => normalizeAddress(s.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) and `10.0.0.1` are the same client. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
