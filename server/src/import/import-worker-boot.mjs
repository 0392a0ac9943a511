// Entry of the import worker thread: plain JavaScript, so that it starts under any
// parent (tsx, vitest, a build); it registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
