import { describe, expect, it } from 'vitest';
import { AckTracker } from './ack-tracker';

describe('AckTracker: deletions count as unsaved until a probe answer proves them durable', () => {
  it('a probe sent after the deletion proves it; the connect-time step 1 does not', () => {
    const acks = new AckTracker();
    acks.connectStepOneSent();
    acks.localDeletion();
    expect(acks.pending).toBe(1);
    expect(acks.needsProbe).toBe(true);
    acks.stepOneSent(); // probe
    expect(acks.needsProbe).toBe(false);
    acks.stepTwoReceived(); // answer to the connect step 1
    expect(acks.savedReceived()).toBe(false);
    expect(acks.pending).toBe(1);
    acks.stepTwoReceived(); // answer to the probe
    expect(acks.savedReceived()).toBe(true);
    expect(acks.pending).toBe(0);
  });

  it('a deletion made while a probe is in flight needs another probe', () => {
    const acks = new AckTracker();
    acks.connectStepOneSent();
    acks.localDeletion();
    acks.stepOneSent();
    acks.localDeletion();
    expect(acks.needsProbe).toBe(true);
    acks.stepTwoReceived();
    acks.savedReceived();
    acks.stepTwoReceived();
    acks.savedReceived();
    expect(acks.pending).toBe(1);
    acks.stepOneSent();
    acks.stepTwoReceived();
    expect(acks.savedReceived()).toBe(true);
    expect(acks.pending).toBe(0);
  });

  it('a lost connection forgets probes in flight; deletions stay pending', () => {
    const acks = new AckTracker(2); // two deletions remembered from before a reload
    acks.connectStepOneSent();
    acks.stepOneSent();
    acks.reset();
    acks.stepTwoReceived(); // a stray answer after reconnecting proves nothing
    expect(acks.savedReceived()).toBe(false);
    expect(acks.pending).toBe(2);
    expect(acks.needsProbe).toBe(true);
  });

  it('a saved message that does not follow a step 2 proves no deletion', () => {
    const acks = new AckTracker();
    acks.localDeletion();
    expect(acks.savedReceived()).toBe(false);
    expect(acks.pending).toBe(1);
  });
});
