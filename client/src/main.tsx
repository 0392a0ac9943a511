import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerOfflineShell } from './app/offline-shell';
import './app/styles/base.css';
import './app/styles/layout.css';
import './editor/editor.css';
import './app/styles/print.css';

createRoot(document.getElementById('root')!).render(<App />);
registerOfflineShell();
