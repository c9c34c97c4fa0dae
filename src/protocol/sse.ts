// SSE decoding in layers: bytes → (streaming UTF-8 decode) → frames (eventsource-parser, which
// handles \n, \r\n and \r line ends and frames split anywhere) → the caller's event handler.
// A multi-byte character split across chunks is held back by the StringDecoder (node's own, which
// costs far less per chunk than TextDecoder's stream mode). An optional cap bounds one frame: a
// line that never ends would otherwise grow the parser's buffer without limit.
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One decoded SSE frame. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/** Feeds raw bytes in any split; calls `onFrame` once per complete frame. */
export interface SseReader {
  /** Feeds a chunk; false (and nothing more is parsed) once a frame passed `maxFrameBytes`. */
  push(chunk: Uint8Array): boolean;
  /** Flushes a final frame that was not followed by a blank line. */
  end(): void;
  /** True once a frame passed `maxFrameBytes` (read it; only the reader sets it). */
  overflowed: boolean;
}

/** Creates an incremental SSE reader; a frame (or comment) longer than `maxFrameBytes` stops it. */
export function createSseReader(onFrame: (frame: SseFrame) => void, maxFrameBytes = Infinity): SseReader {
  const decoder = new StringDecoder('utf8');
  // Bytes fed since the last complete frame or comment. The tail of a chunk after its last frame
  // is not counted, so the cap is exact to within one chunk.
  let pending = 0;
  let overflowed = false;
  const parser = createParser({
    onEvent: (msg: EventSourceMessage) => {
      pending = 0;
      onFrame({ event: msg.event, data: msg.data });
    },
    onComment: () => {
      pending = 0;
    },
  });
  // A plain object (no getter: an object literal with an accessor is built the slow way, and this
  // runs for every stream).
  const reader: SseReader = {
    overflowed: false,
    push(chunk) {
      if (overflowed) return false;
      pending += chunk.length;
      parser.feed(decoder.write(chunk));
      if (pending > maxFrameBytes) {
        overflowed = true;
        reader.overflowed = true;
        parser.reset();
        return false;
      }
      return true;
    },
    end() {
      if (overflowed) return;
      const rest = decoder.end();
      if (rest) parser.feed(rest);
      parser.reset({ consume: true });
    },
  };
  return reader;
}

/** Serialises one SSE frame with an event name. */
export function formatSseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Serialises one data-only SSE frame (OpenAI's streams). */
export function formatSseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
