/**
 * A page whose code is a chunk of its own, loaded on first visit — without
 * React's `lazy` and Suspense. A suspended page that Suspense replaced with its
 * fallback is shown no sooner than 300 ms after that fallback appeared (React
 * 19 throttles revealing content), however early its chunk arrives: on the
 * editor's warm open that held the page back ~200 ms with nothing left to wait
 * for (issue 11, BENCHMARKS.md "Round 16 (client: opening the report)"). Here
 * the page shows the loading placeholder until its chunk is in, then renders
 * the page in the next commit; `preload` starts the download early, e.g. while
 * the session is still being checked.
 *
 * A chunk that fails to load fails the render, as `lazy` did: the error
 * boundary says so (stale-chunks.ts reloads once before that).
 */
import { createElement, useSyncExternalStore, type ComponentType, type ReactElement } from 'react';

export function PageLoading(): ReactElement {
  return <div className="page-loading" aria-busy="true" />;
}

export interface LoadablePage<P extends object> {
  (props: P): ReactElement;
  /** Starts loading the page's code (once; later calls share the download). */
  preload(): Promise<unknown>;
}

type Loaded<P> = { component: ComponentType<P> } | { error: unknown };

export function loadablePage<P extends object>(load: () => Promise<ComponentType<P>>): LoadablePage<P> {
  let loaded: Loaded<P> | undefined;
  let pending: Promise<unknown> | undefined;
  const listeners = new Set<() => void>();
  // Like `lazy`, one attempt per page load: a failure stays a failure until the page is reloaded.
  const preload = () =>
    (pending ??= load().then(
      (component) => settle({ component }),
      (error: unknown) => settle({ error }),
    ));
  const settle = (result: Loaded<P>) => {
    loaded = result;
    for (const listener of listeners) listener();
  };
  // A store React reads: it checks the state again once subscribed, so a chunk arriving between
  // the placeholder's render and the subscription is not missed.
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    void preload();
    return () => listeners.delete(listener);
  };
  const snapshot = () => loaded;

  function Page(props: P): ReactElement {
    const state = useSyncExternalStore(subscribe, snapshot);
    if (!state) return <PageLoading />;
    if ('error' in state) throw state.error;
    return createElement(state.component, props);
  }
  return Object.assign(Page, { preload });
}
