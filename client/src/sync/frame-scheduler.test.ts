/**
 * Other people's work runs once a frame, all of it together ('apply' before
 * 'draw'), and never in the frame that paints a key I pressed.
 */
import { describe, expect, it } from 'vitest';
import { MAX_KEY_DEFERRALS } from './frame-scheduler';
import { testFrames } from './test-frames';

describe('frame scheduler', () => {
  it('runs each task once in the next frame, apply tasks before draw tasks', () => {
    const frames = testFrames();
    const ran: string[] = [];
    const draw = () => ran.push('draw');
    const apply = () => ran.push('apply');
    frames.scheduler.schedule(draw, 'draw');
    frames.scheduler.schedule(apply);
    frames.scheduler.schedule(apply);
    frames.scheduler.schedule(draw, 'draw');
    expect(ran).toEqual([]);
    expect(frames.requested()).toBe(1);
    frames.frame();
    expect(ran).toEqual(['apply', 'draw']);
    expect(frames.scheduler.pending).toBe(false);
    frames.frame();
    expect(ran).toEqual(['apply', 'draw']);
  });

  it('a draw task scheduled by an apply task runs in the same frame', () => {
    const frames = testFrames();
    const ran: string[] = [];
    frames.scheduler.schedule(() => {
      ran.push('apply');
      frames.scheduler.schedule(() => ran.push('draw'), 'draw');
    });
    frames.frame();
    expect(ran).toEqual(['apply', 'draw']);
    expect(frames.requested()).toBe(0);
  });

  it('work due in the frame that paints my keystroke waits for the next frame', () => {
    const frames = testFrames();
    let ran = 0;
    frames.scheduler.schedule(() => ran++);
    frames.key(); // the key arrived after the work was scheduled, before the frame
    frames.frame(); // paints the key
    expect(ran).toBe(0);
    frames.frame();
    expect(ran).toBe(1);
  });

  it('work scheduled after a keydown, before its frame, waits for the frame after it', () => {
    const frames = testFrames();
    let ran = 0;
    frames.key();
    frames.scheduler.schedule(() => ran++);
    frames.frame();
    expect(ran).toBe(0);
    frames.frame();
    expect(ran).toBe(1);
    // No key since: the next work runs in the next frame.
    frames.scheduler.schedule(() => ran++);
    frames.frame();
    expect(ran).toBe(2);
  });

  it(`a key in every frame holds the work back ${MAX_KEY_DEFERRALS} frames at most`, () => {
    const frames = testFrames();
    let ran = 0;
    frames.scheduler.schedule(() => ran++);
    let waited = 0;
    while (ran === 0 && waited < 10) {
      frames.key();
      frames.frame();
      if (ran === 0) waited++;
    }
    expect(ran).toBe(1);
    expect(waited).toBe(MAX_KEY_DEFERRALS);
  });

  it('a hidden page gets no frames: the work runs in a task of its own', async () => {
    const frames = testFrames();
    let ran = 0;
    frames.scheduler.schedule(() => ran++);
    frames.hide();
    expect(frames.requested()).toBe(0);
    await expect.poll(() => ran).toBe(1);
    frames.scheduler.schedule(() => ran++);
    expect(frames.requested()).toBe(0);
    await expect.poll(() => ran).toBe(2);
  });
});
