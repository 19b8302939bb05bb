import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeAtExpiry } from '../../../src/auth/closeAtExpiry.ts';

const DAY = 24 * 3600 * 1000;

describe('closeAtExpiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls expire once, at expiresAt, and not before', () => {
    const expire = vi.fn();
    closeAtExpiry({ user: 'a', groups: [], expiresAt: Date.now() + 5000 }, expire);
    vi.advanceTimersByTime(4999);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DAY);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('calls expire at once for a credential already past its expiry', () => {
    const expire = vi.fn();
    closeAtExpiry({ user: 'a', groups: [], expiresAt: Date.now() - 1 }, expire);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('reaches an expiry beyond setTimeout\'s longest delay (about 24.8 days) in steps, on time', () => {
    const expire = vi.fn();
    closeAtExpiry({ user: 'a', groups: [], expiresAt: Date.now() + 60 * DAY }, expire);
    vi.advanceTimersByTime(60 * DAY - 1);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('never calls expire for a credential without expiry, nor after cancel', () => {
    const never = vi.fn();
    closeAtExpiry({ user: 'static', groups: [] }, never);
    const cancelled = vi.fn();
    const cancel = closeAtExpiry({ user: 'a', groups: [], expiresAt: Date.now() + 1000 }, cancelled);
    cancel();
    vi.advanceTimersByTime(100 * DAY);
    expect(never).not.toHaveBeenCalled();
    expect(cancelled).not.toHaveBeenCalled();
  });
});
