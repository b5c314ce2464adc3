/**
 * Parser for the regular expressions CloudWatch Logs accepts between `%` signs. The rules, from "Filter pattern
 * syntax for metric filters, subscription filters, filter log events, and Live Tail" and "Supported regular
 * expressions (regex) syntax" (Amazon CloudWatch Logs user guide):
 *
 * - only letters A–Z a–z, digits 0–9, the symbols `: _ # = @ / ; , -` and the operators
 *   `^ $ ? [ ] { } | \ * + .` ("%something!% would be rejected since '!' is not supported");
 * - no `(` `)`: "You cannot use parentheses to define a subpattern";
 * - no multi-byte characters;
 * - operators: `^` / `$` anchor at the start / end, `?` zero or one, `*` zero or more, `+` one or more, `{m,n}` from
 *   m to n times, `[…]` a character class (ranges, `^` to negate), `|` alternatives, `.` any character, `\` escapes
 *   an operator, and `\d \D \s \S \w \W`, `\xhh`.
 *
 * Spaces are not in the list, so `%Failed to%` is rejected: write `%Failed\sto%` (and `{3,5}`, not `{3, 5}`).
 * `{m}` and `{m,}` are accepted as well as `{m,n}`. Counts are capped at REGEX_MAX_REPEAT and the compiled size at
 * REGEX_MAX_STATES (canarykit's guards).
 */
import type { RegexAtom, RegexClassItem, RegexNode, RegexPiece } from './ast.ts';
import { REGEX_MAX_REPEAT, REGEX_MAX_STATES } from './limits.ts';
import { PatternLimitError, PatternSyntaxError } from './pattern-syntax-error.ts';

const SYMBOLS = ':_#=@/;,-';
const OPERATORS = '^$?[]{}|\\*+.';
const ALLOWED_DESCRIPTION =
  'a letter, a digit, one of the symbols : _ # = @ / ; , - or one of the operators ^ $ ? [ ] { } | \\ * + .';

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isHex(ch: string): boolean {
  return /^[0-9A-Fa-f]$/.test(ch);
}

/** Automaton states one piece compiles to (see match-regex.ts): copies of the atom plus one split per optional copy. */
function pieceStates(piece: RegexPiece): number {
  const copies = piece.max === Infinity ? Math.max(piece.min, 1) : piece.max;
  return copies * 2 + 1;
}

class RegexParser {
  private index = 0;

  constructor(
    private readonly source: string,
    /** 1-based position in the pattern of the source's first character. */
    private readonly offset: number,
  ) {}

  private position(at: number = this.index): number {
    return this.offset + at;
  }

  private fail(expected: string, found: string, message?: string, at: number = this.index): PatternSyntaxError {
    return new PatternSyntaxError(this.position(at), expected, found, message);
  }

  private peek(): string {
    return this.source.charAt(this.index);
  }

  /** Rejects characters CloudWatch does not allow, with a message for the common cases. */
  private checkAllowed(at: number): void {
    const ch = this.source.charAt(at);
    const code = ch.charCodeAt(0);
    if (isAlphanumeric(code) || SYMBOLS.includes(ch) || OPERATORS.includes(ch)) return;
    if (ch === '(' || ch === ')') {
      throw this.fail(
        ALLOWED_DESCRIPTION,
        ch,
        `'${ch}' is not supported in a regular expression: CloudWatch does not allow parentheses (subpatterns)`,
        at,
      );
    }
    if (code > 127) {
      throw this.fail(ALLOWED_DESCRIPTION, ch, `multi-byte characters are not supported in a regular expression`, at);
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      throw this.fail(
        ALLOWED_DESCRIPTION,
        ch,
        `whitespace is not allowed in a regular expression; use \\s to match a whitespace character`,
        at,
      );
    }
    throw this.fail(
      ALLOWED_DESCRIPTION,
      ch,
      `'${ch}' is not allowed in a regular expression; expected ${ALLOWED_DESCRIPTION}`,
      at,
    );
  }

  parse(): RegexNode {
    if (this.source.length === 0) {
      throw this.fail(
        'a regular expression between the % signs',
        '',
        'the regular expression between the % signs is empty',
        -1,
      );
    }
    for (let i = 0; i < this.source.length; i++) this.checkAllowed(i);
    const alternatives: RegexPiece[][] = [];
    let states = 1;
    for (;;) {
      const start = this.index;
      const pieces = this.parseSequence();
      if (pieces.length === 0) {
        const found = this.peek();
        throw this.fail(
          'a regular expression on each side of |',
          found,
          `expected a regular expression on each side of '|'`,
          start,
        );
      }
      for (const piece of pieces) states += pieceStates(piece);
      states += 1;
      if (states > REGEX_MAX_STATES) {
        throw new PatternLimitError(
          'regexStates',
          this.position(-1),
          this.source,
          `the regular expression compiles to more than ${REGEX_MAX_STATES} states; use smaller repetition counts`,
        );
      }
      alternatives.push(pieces);
      if (this.index >= this.source.length) break;
      // parseSequence stops only at '|' or the end.
      this.index++;
    }
    return { type: 'regex', source: this.source, alternatives, position: this.offset - 1 };
  }

  private parseSequence(): RegexPiece[] {
    const pieces: RegexPiece[] = [];
    while (this.index < this.source.length && this.peek() !== '|') {
      const start = this.index;
      const atom = this.parseAtom();
      const { min, max } = this.parseQuantifier(atom);
      pieces.push({ atom, min, max, position: this.position(start) });
    }
    return pieces;
  }

  private parseAtom(): RegexAtom {
    const ch = this.peek();
    const at = this.index;
    switch (ch) {
      case '^':
        this.index++;
        return { kind: 'start' };
      case '$':
        this.index++;
        return { kind: 'end' };
      case '.':
        this.index++;
        return { kind: 'any' };
      case '[':
        return this.parseClass();
      case '\\': {
        const escaped = this.parseEscape();
        return escaped.kind === 'range' && escaped.from === escaped.to
          ? { kind: 'char', code: escaped.from }
          : { kind: 'class', negated: false, items: [escaped] };
      }
      case '?':
      case '*':
      case '+':
      case '{':
        throw this.fail('a character, class or escape to repeat', ch, `'${ch}' has nothing to repeat`, at);
      case ']':
      case '}':
        throw this.fail(
          'a character, class or escape',
          ch,
          `unmatched '${ch}'; escape it as \\${ch} to match it literally`,
          at,
        );
      default:
        this.index++;
        return { kind: 'char', code: ch.charCodeAt(0) };
    }
  }

  /** Reads `\…` at the current index (inside or outside a class). */
  private parseEscape(): RegexClassItem {
    const at = this.index;
    const ch = this.source.charAt(at + 1);
    if (ch === '') {
      throw this.fail('a character after \\', '\\', `expected a character after '\\'`, at);
    }
    const shorthand = { d: 'digit', D: 'digit', s: 'space', S: 'space', w: 'word', W: 'word' } as const;
    if (Object.hasOwn(shorthand, ch)) {
      this.index += 2;
      return {
        kind: 'shorthand',
        shorthand: shorthand[ch as keyof typeof shorthand],
        negated: ch === ch.toUpperCase(),
      };
    }
    if (ch === 'x') {
      const hex = this.source.slice(at + 2, at + 4);
      if (hex.length !== 2 || !isHex(hex.charAt(0)) || !isHex(hex.charAt(1))) {
        throw this.fail('two hexadecimal digits after \\x', this.source.slice(at, at + 4), undefined, at);
      }
      this.index += 4;
      const code = parseInt(hex, 16);
      return { kind: 'range', from: code, to: code };
    }
    if (OPERATORS.includes(ch) || SYMBOLS.includes(ch)) {
      this.index += 2;
      const code = ch.charCodeAt(0);
      return { kind: 'range', from: code, to: code };
    }
    throw this.fail(
      '\\d, \\D, \\s, \\S, \\w, \\W, \\xhh or \\ before an operator or symbol',
      `\\${ch}`,
      `unsupported escape '\\${ch}'; CloudWatch supports \\d \\D \\s \\S \\w \\W \\xhh and \\ before an operator or symbol`,
      at,
    );
  }

  private parseClass(): RegexAtom {
    const open = this.index;
    this.index++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.index++;
    }
    const items: RegexClassItem[] = [];
    for (;;) {
      if (this.index >= this.source.length) {
        throw this.fail("']'", '', `expected ']' to close the character class that starts here`, open);
      }
      const ch = this.peek();
      if (ch === ']') {
        if (items.length === 0) {
          throw this.fail('a character in the class', ']', 'empty character class', open);
        }
        this.index++;
        return { kind: 'class', negated, items };
      }
      const itemAt = this.index;
      const first = this.parseClassChar();
      if (this.peek() === '-' && this.source.charAt(this.index + 1) !== ']' && this.index + 1 < this.source.length) {
        if (first.kind !== 'range') {
          throw this.fail(
            'a single character before - in a range',
            this.source.slice(itemAt, this.index + 1),
            undefined,
            itemAt,
          );
        }
        this.index++;
        const secondAt = this.index;
        const second = this.parseClassChar();
        if (second.kind !== 'range') {
          throw this.fail(
            'a single character after - in a range',
            this.source.slice(secondAt, this.index),
            undefined,
            secondAt,
          );
        }
        if (second.from < first.from) {
          throw this.fail(
            'a range whose end is not before its start',
            this.source.slice(itemAt, this.index),
            `range '${this.source.slice(itemAt, this.index)}' is out of order`,
            itemAt,
          );
        }
        items.push({ kind: 'range', from: first.from, to: second.from });
      } else {
        items.push(first);
      }
    }
  }

  private parseClassChar(): RegexClassItem {
    const ch = this.peek();
    if (ch === '\\') return this.parseEscape();
    this.index++;
    const code = ch.charCodeAt(0);
    return { kind: 'range', from: code, to: code };
  }

  private parseQuantifier(atom: RegexAtom): { min: number; max: number } {
    const ch = this.peek();
    let result: { min: number; max: number };
    const at = this.index;
    if (ch === '?') result = { min: 0, max: 1 };
    else if (ch === '*') result = { min: 0, max: Infinity };
    else if (ch === '+') result = { min: 1, max: Infinity };
    else if (ch === '{') result = this.parseBraces();
    else return { min: 1, max: 1 };
    if (ch !== '{') this.index++;
    if (atom.kind === 'start' || atom.kind === 'end') {
      throw this.fail(
        'a character, class or escape before the quantifier',
        ch,
        `an anchor (^ or $) cannot be repeated`,
        at,
      );
    }
    const after = this.peek();
    if (after === '?' || after === '*' || after === '+' || after === '{') {
      throw this.fail(
        'a character, class or escape',
        after,
        `'${after}' cannot follow another quantifier (lazy and possessive quantifiers are not supported)`,
      );
    }
    return result;
  }

  private parseBraces(): { min: number; max: number } {
    const open = this.index;
    const close = this.source.indexOf('}', open);
    const body = close < 0 ? '' : this.source.slice(open + 1, close);
    const match = /^(\d+)(?:(,)(\d*))?$/.exec(body);
    if (close < 0 || match === null) {
      const found = close < 0 ? this.source.slice(open) : this.source.slice(open, close + 1);
      throw this.fail('a repetition count {m}, {m,} or {m,n}', found, undefined, open);
    }
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' || match[3] === undefined ? Infinity : Number(match[3]);
    const written = this.source.slice(open, close + 1);
    if (min > REGEX_MAX_REPEAT || (max !== Infinity && max > REGEX_MAX_REPEAT)) {
      throw new PatternLimitError(
        'regexRepeat',
        this.position(open),
        written,
        `repetition count ${written} is above the maximum of ${REGEX_MAX_REPEAT}`,
      );
    }
    if (max < min) {
      throw this.fail(
        '{m,n} with m <= n',
        written,
        `repetition count ${written} has its maximum below its minimum`,
        open,
      );
    }
    this.index = close + 1;
    return { min, max };
  }
}

/**
 * Parses the text between the `%` signs of a regular expression.
 * @param source the expression without its `%` signs.
 * @param position 1-based position in the pattern of the opening `%`.
 * @throws PatternSyntaxError for anything CloudWatch does not accept, PatternLimitError over canarykit's size guards.
 */
export function parseRegex(source: string, position: number): RegexNode {
  return new RegexParser(source, position + 1).parse();
}
