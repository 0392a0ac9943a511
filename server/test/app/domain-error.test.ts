/** One domain error type, mapped to a response in one place (app.onError). */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { ErrorCode } from '@concord/shared';
import { errorHandler } from '../../src/http/errors.js';
import { DomainError, type DomainErrorReason } from '../../src/domain/domain-error.js';
import { createLogger } from '../../src/logger.js';
import { openMemoryStores } from '../../src/store/open-stores.js';
import { RoomManager } from '../../src/sync/room-manager.js';
import { ConsensusService } from '../../src/consensus/consensus-service.js';
import { InProcessEventBus } from '../../src/events/event-bus.js';
import { exportDocument } from '../../src/publish/export-service.js';
import { AccountError } from '../../src/auth/accounts.js';
import { ImportError } from '../../src/import/import-error.js';

function appThrowing(error: () => Error) {
  const app = new Hono();
  app.onError(errorHandler(createLogger('silent')));
  app.get('/x', () => {
    throw error();
  });
  return app;
}

async function responseTo(error: () => Error) {
  const res = await appThrowing(error).request('/x');
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; details?: unknown } } };
}

describe('app.onError', () => {
  const cases: [DomainErrorReason, number][] = [
    ['bad_request', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['rate_limited', 429],
  ];
  it.each(cases)('maps a DomainError %s to %i with its code, message and details', async (reason, status) => {
    const r = await responseTo(() => new DomainError(reason, 'why', { hint: 1 }));
    expect(r).toEqual({ status, body: { error: { code: reason, message: 'why', details: { hint: 1 } } } });
  });

  it('maps errors of other modules that are DomainErrors (accounts, import)', async () => {
    expect((await responseTo(() => new AccountError('weak password'))).status).toBe(400);
    expect(await responseTo(() => new ImportError('too_large', 'too big'))).toEqual({
      status: 413,
      body: { error: { code: ErrorCode.tooLarge, message: 'too big', details: { importError: 'too_large' } } },
    });
  });

  it('answers anything else with a 500 that says nothing of the cause', async () => {
    expect(await responseTo(() => new Error('secret detail'))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'internal error' } },
    });
  });

  it('turns exporting a document that does not exist into a 404, not a 500', async () => {
    const stores = openMemoryStores();
    const rooms = new RoomManager(stores.docs, createLogger('silent'));
    const consensus = new ConsensusService(stores, rooms, new InProcessEventBus(() => {}));
    let thrown: unknown;
    await exportDocument({ stores, rooms, consensus }, 'd_missing', 'md', { scope: 'consensus', includeRecord: false }).catch(
      (err: unknown) => (thrown = err),
    );
    expect(thrown).toBeInstanceOf(DomainError);
    expect((await responseTo(() => thrown as Error)).status).toBe(404);
  });
});
