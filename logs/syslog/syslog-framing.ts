/**
 * TCP syslog framing (RFC 6587): octet counting (`LEN SP MSG`, a frame starting with a digit) and non-transparent
 * framing (a frame starting with `<`, ended by LF; a trailing CR is dropped). Each frame picks its own method, as
 * rsyslog does. Feed it chunks; it returns whole frames and keeps the rest. Bytes, not characters, are counted.
 */
export class SyslogFramer {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** The complete frames in the data so far. @throws Error for a frame over the limit or a bad length. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let pos = 0;
    const buf = this.buffer;
    while (pos < buf.length) {
      const c = buf[pos] as number;
      if (c === 0x0a || c === 0x0d || c === 0x00 || c === 0x20) {
        pos += 1; // stray separators between frames
        continue;
      }
      if (c >= 0x31 && c <= 0x39) {
        const sp = buf.indexOf(0x20, pos);
        if (sp < 0) {
          if (buf.length - pos > 10) throw new Error('an octet-counted frame has no length');
          break;
        }
        const lenText = buf.toString('latin1', pos, sp);
        if (!/^[1-9]\d{0,9}$/.test(lenText)) throw new Error(`bad octet count ${JSON.stringify(lenText.slice(0, 12))}`);
        const len = Number(lenText);
        if (len > this.maxFrameBytes)
          throw new Error(`a frame of ${len} bytes is over the ${this.maxFrameBytes}-byte limit`);
        if (buf.length < sp + 1 + len) break;
        frames.push(buf.subarray(sp + 1, sp + 1 + len));
        pos = sp + 1 + len;
        continue;
      }
      const lf = buf.indexOf(0x0a, pos);
      if (lf < 0) {
        if (buf.length - pos > this.maxFrameBytes)
          throw new Error(`a line of more than ${this.maxFrameBytes} bytes without a newline`);
        break;
      }
      const end = lf > pos && buf[lf - 1] === 0x0d ? lf - 1 : lf;
      frames.push(buf.subarray(pos, end));
      pos = lf + 1;
    }
    this.buffer = pos >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    return frames;
  }

  /** What is left when the connection ends: a last unterminated line counts as a frame. */
  end(): Buffer | undefined {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest.length > 0 && rest[0] === 0x3c ? rest : undefined;
  }
}
