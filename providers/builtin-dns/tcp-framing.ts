/** DNS-over-TCP framing (RFC 1035 §4.2.2): every message is preceded by its 2-byte big-endian length. */

/** Reassembles length-prefixed frames from arbitrary TCP chunks; copies bytes only once a frame is complete. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;

  /** Adds a chunk and returns every frame it completed (possibly none, possibly several; may be empty buffers). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Buffer[] = [];
    while (this.size >= 2) {
      const need = 2 + this.peekLength();
      if (this.size < need) break;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
      frames.push(all.subarray(2, need));
      const rest = all.subarray(need);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.size;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 2) return first.readUInt16BE(0);
    const second = this.chunks[1] as Buffer;
    return ((first[0] as number) << 8) | (second[0] as number);
  }
}

/** Prefixes a message with its length for sending over TCP. */
export function frame(msg: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(msg.length, 0);
  return Buffer.concat([prefix, msg]);
}
