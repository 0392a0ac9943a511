// Entry of the capture worker thread when the server runs from its TypeScript
// sources (tsx, vitest): registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./capture-worker.ts');
