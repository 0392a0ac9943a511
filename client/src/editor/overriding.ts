/** `target` with one property replaced; everything else read from it, methods bound to it. */
export function overriding<T extends object>(target: T, prop: PropertyKey, value: unknown): T {
  return new Proxy(target, {
    get(t, p) {
      if (p === prop) return value;
      const own: unknown = Reflect.get(t, p, t);
      return typeof own === 'function' ? (own as (...args: unknown[]) => unknown).bind(t) : own;
    },
  });
}
