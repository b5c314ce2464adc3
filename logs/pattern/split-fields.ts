/**
 * Splits a message into space-delimited fields the way CloudWatch Logs reads them: "The characters between a pair of
 * square brackets [] or two double quotes ("") are treated as a single field." Fields are separated by runs of
 * spaces, tabs and line breaks; leading and trailing whitespace is ignored. A field that starts with `"` runs to the
 * next `"`, one that starts with `[` to the next `]`, and its value is what lies between (delimiters dropped). A `"`
 * or `[` that is never closed is an ordinary character. A field ends at its closing delimiter even when no space
 * follows (`"a"b` is two fields).
 *
 * The splitter keeps its offset buffers between calls, so splitting allocates nothing once they have grown.
 */
export class FieldSplitter {
  starts = new Int32Array(16);
  ends = new Int32Array(16);

  private push(count: number, start: number, end: number): void {
    if (count >= this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[count] = start;
    this.ends[count] = end;
  }

  /**
   * Splits `message` and returns the number of fields; field `k`'s value is `message.slice(starts[k], ends[k])`.
   * Stops early, returning `limit + 1`, once more than `limit` fields are found.
   */
  split(message: string, limit: number): number {
    const length = message.length;
    let count = 0;
    let i = 0;
    while (i < length) {
      const ch = message.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        i++;
        continue;
      }
      if (count > limit) return count;
      if (ch === 34 /* " */ || ch === 91 /* [ */) {
        const close = message.indexOf(ch === 34 ? '"' : ']', i + 1);
        if (close >= 0) {
          this.push(count++, i + 1, close);
          i = close + 1;
          continue;
        }
      }
      const start = i;
      while (i < length) {
        const c = message.charCodeAt(i);
        if (c === 32 || c === 9 || c === 10 || c === 13) break;
        i++;
      }
      this.push(count++, start, i);
    }
    return count;
  }
}
