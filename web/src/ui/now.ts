// A clock signal ticking once a second, for countdowns (cooldowns, limit resets).
import { signal } from '@preact/signals';

/** Epoch ms, updated every second. */
export const nowMs = signal(Date.now());

setInterval(() => {
  nowMs.value = Date.now();
}, 1000);
