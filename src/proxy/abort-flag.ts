// A light stand-in for AbortController on the request path. In Node 20 an AbortController with
// its EventTarget signal and a listener costs about 5 µs, and every request needed two of them;
// an EventEmitter with `aborted` and `reason` costs a fraction of that and is a `signal` undici
// accepts as it is (api/abort-signal.js takes an EventEmitter or an EventTarget).
import { EventEmitter } from 'node:events';

/** Raised once by `abort()`; listeners get the 'abort' event. */
export class AbortFlag extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Marks the flag aborted and tells listeners (once; later calls do nothing). */
  abort(reason: unknown = new Error('aborted')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** What a consumer of a flag may do: read it and listen to it. */
export type AbortSignalLike = Pick<AbortFlag, 'aborted' | 'reason' | 'once' | 'off'>;
