import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { registerOfflineShell } from './app/offline-shell';
import { reloadOnStaleChunks } from './app/stale-chunks';
import './app/styles/base.css';
import './app/styles/layout.css';
import './editor/editor.css';
import './app/styles/print.css';

reloadOnStaleChunks();
createRoot(document.getElementById('root')!).render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
);
registerOfflineShell();
