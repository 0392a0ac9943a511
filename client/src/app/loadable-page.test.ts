// @vitest-environment happy-dom
/**
 * A page loaded on first visit shows the loading placeholder until its code is
 * in, then itself at once — never through a Suspense fallback, whose reveal
 * React holds back for 300 ms. Its code loads once, however often it is asked
 * for; a chunk that cannot load fails the render, for the error boundary.
 */
import { act, Component, createElement, useLayoutEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import { loadablePage } from './loadable-page';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function mount(node: ReactNode): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  cleanups.push(() => (act(() => root.unmount()), container.remove()));
  act(() => root.render(node));
  return container;
}

/** A module whose arrival the test decides. */
function deferredModule<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  let loads = 0;
  const load = () => (loads++, promise);
  return { load, resolve, reject, loads: () => loads };
}

function Greeting({ name }: { name: string }) {
  return createElement('p', { 'data-testid': 'page' }, `Hello ${name}`);
}

class Boundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: String(error) };
  }
  override render() {
    return this.state.error ? createElement('p', { 'data-testid': 'error' }, this.state.error) : this.props.children;
  }
}

it('shows the placeholder, then the page with its props as soon as the code is in', async () => {
  const module = deferredModule<typeof Greeting>();
  const Page = loadablePage(module.load);
  const container = mount(createElement(Page, { name: 'Ines' }));
  expect(container.querySelector('.page-loading')).not.toBeNull();
  await act(async () => module.resolve(Greeting));
  expect(container.querySelector('[data-testid=page]')?.textContent).toBe('Hello Ines');
  expect(container.querySelector('.page-loading')).toBeNull();
});

it('preloaded, the page renders in the first commit, and the code loads once', async () => {
  const module = deferredModule<typeof Greeting>();
  const Page = loadablePage(module.load);
  const preloading = Page.preload();
  module.resolve(Greeting);
  await preloading;
  void Page.preload();
  const container = mount(createElement(Page, { name: 'Tom' }));
  expect(container.querySelector('[data-testid=page]')?.textContent).toBe('Hello Tom');
  expect(module.loads()).toBe(1);
});

it('a chunk arriving after the placeholder was drawn but before the page listens still shows the page', () => {
  // The moment the bench's warm open hit: the chunk's callback ran between the placeholder's
  // commit and the page's subscription (passive effects run later). A thenable the test answers
  // from a layout effect puts the arrival exactly there.
  let arrive: (component: typeof Greeting) => void = () => {};
  const thenable = {
    then(onLoaded: (component: typeof Greeting) => void) {
      arrive = onLoaded;
      return thenable;
    },
  };
  const Page = loadablePage(() => thenable as unknown as Promise<typeof Greeting>);
  void Page.preload();
  function ArrivesNow() {
    useLayoutEffect(() => arrive(Greeting), []);
    return null;
  }
  const container = mount(createElement('div', null, createElement(Page, { name: 'Ines' }), createElement(ArrivesNow)));
  expect(container.querySelector('[data-testid=page]')?.textContent).toBe('Hello Ines');
});

it('a chunk that cannot load fails the render (the error boundary shows it)', async () => {
  const module = deferredModule<typeof Greeting>();
  const Page = loadablePage(module.load);
  const container = mount(createElement(Boundary, null, createElement(Page, { name: 'Ines' })));
  const quiet = console.error;
  console.error = () => {};
  try {
    await act(async () => module.reject(new Error('Failed to fetch dynamically imported module')));
  } finally {
    console.error = quiet;
  }
  expect(container.querySelector('[data-testid=error]')?.textContent).toContain('Failed to fetch');
});
