/**
 * A call's deadline (src/providers/http/deadline.ts): it tells the time
 * running out from the caller going away, and a finished call leaves nothing
 * on the caller's signal (the reason it is not AbortSignal.any: see the
 * module's header).
 */
import { getEventListeners, once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CallSignal } from '../../src/providers/http/cancel.js';
import { Deadline, waitUnlessAborted } from '../../src/providers/http/deadline.js';

describe('Deadline', () => {
  it('aborts as expired when its time runs out', async () => {
    const caller = new AbortController();
    const deadline = new Deadline(1, caller.signal);
    await once(deadline.signal, 'abort');
    expect(deadline.expired).toBe(true);
    expect(caller.signal.aborted).toBe(false);
    deadline.end();
  });

  it('aborts, not expired, when the caller goes away, and at once when it already had', () => {
    const caller = new AbortController();
    const deadline = new Deadline(60_000, caller.signal);
    expect(deadline.signal.aborted).toBe(false);
    caller.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.expired).toBe(false);
    deadline.end();
    const late = new Deadline(60_000, caller.signal);
    expect(late.signal.aborted).toBe(true);
    expect(late.expired).toBe(false);
    late.end();
  });

  it('leaves no listener on the caller’s signal once the call ended', () => {
    const caller = new AbortController();
    const deadlines = Array.from({ length: 3 }, () => new Deadline(60_000, caller.signal));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(3);
    for (const deadline of deadlines) deadline.end();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    // Ended, it no longer follows the caller.
    caller.abort();
    for (const deadline of deadlines) expect(deadline.signal.aborted).toBe(false);
  });

  it('follows a CallSignal caller as it follows an AbortSignal, and lets go of it once ended', () => {
    const caller = new CallSignal();
    const deadlines = Array.from({ length: 12 }, () => new Deadline(60_000, caller));
    expect(caller.listenerCount('abort')).toBe(12);
    for (const deadline of deadlines.slice(6)) deadline.end();
    expect(caller.listenerCount('abort')).toBe(6);
    caller.abort();
    for (const deadline of deadlines.slice(0, 6)) {
      expect([deadline.aborted, deadline.expired, deadline.cancel.aborted]).toEqual([true, false, true]);
      deadline.end();
    }
    for (const deadline of deadlines.slice(6)) expect(deadline.aborted).toBe(false);
    expect(new Deadline(60_000, caller).aborted).toBe(true);
  });

  it('hands undici an emitter and makes a DOM signal only when asked, aborted alike', async () => {
    const deadline = new Deadline(1, undefined);
    const signal = deadline.signal;
    expect(deadline.signal).toBe(signal);
    await once(deadline.cancel, 'abort');
    expect([signal.aborted, deadline.expired]).toEqual([true, true]);
    deadline.end();
    // Asked after the abort: born aborted.
    const caller = new CallSignal();
    caller.abort('gone');
    const late = new Deadline(60_000, caller);
    expect([late.signal.aborted, late.signal.reason, late.expired]).toEqual([true, 'gone', false]);
    late.end();
  });

  it('counts down what is left', () => {
    const deadline = new Deadline(60_000, undefined);
    const left = deadline.remainingMs();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(60_000);
    deadline.end();
  });
});

describe('waitUnlessAborted', () => {
  it('ends the wait when the signal aborts, and removes its listener', async () => {
    const controller = new AbortController();
    const waiting = waitUnlessAborted(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await waiting;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
