// Timers are injected so probe scheduling is testable without waiting; the real one is unref'd so
// health checks never keep the process alive on their own.

/** A scheduled callback that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/** Schedules `callback` after `delayMs`. */
export type SetTimer = (callback: () => void, delayMs: number) => TimerHandle;

/** setTimeout, unref'd. */
export const unrefSetTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};
