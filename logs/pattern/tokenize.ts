import { PatternSyntaxError } from './pattern-syntax-error.ts';

/**
 * Token kinds of JSON (`{ … }`) and space-delimited (`[ … ]`) patterns. The tokenizer knows no keywords: `IS`,
 * `NULL`, field names, numbers, `4*` and `10/Oct/2000:13:25:15` are all `word`s, and the parser decides what a word
 * means from where it stands.
 */
export type TokenKind =
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'and'
  | 'or'
  | 'operator'
  | 'string'
  | 'regex'
  | 'selector'
  | 'ellipsis'
  | 'word'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (quotes and `%` included; `''` for eof). */
  readonly text: string;
  /**
   * For `string`: the unescaped content, leading and trailing wildcards removed (see `wildcardStart`). For `regex`:
   * the text between the `%` signs. Otherwise equal to `text`.
   */
  readonly value: string;
  /** For `string`: the content starts / ends with an unescaped `*`. */
  readonly wildcardStart: boolean;
  readonly wildcardEnd: boolean;
  /** 1-based index of the token's first character (pattern length + 1 for eof). */
  readonly position: number;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '{': 'lbrace',
  '}': 'rbrace',
  '[': 'lbracket',
  ']': 'rbracket',
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
};

/** Characters that end an unquoted word. */
const WORD_BREAK = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '"',
  '%',
  '&',
  '|',
  '=',
  '!',
  '<',
  '>',
]);

/** Characters a selector may contain after its `$` (validated by the parser). */
const SELECTOR_CHAR = /[A-Za-z0-9_.\-*]/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function token(kind: TokenKind, text: string, start: number): Token {
  return { kind, text, value: text, wildcardStart: false, wildcardEnd: false, position: start + 1 };
}

/**
 * Reads the quoted string starting at `start` (a `"`): `\` makes the next character literal, so `\"` is a quote,
 * `\\` a backslash and `\*` a star that is not a wildcard.
 */
function readString(text: string, start: number): { token: Token; end: number } {
  let i = start + 1;
  let core = '';
  // Index in `core` after the leading unescaped stars, and the end of the content before trailing unescaped stars.
  let leading = 0;
  let leadingDone = false;
  let trailingStars = 0;
  for (;;) {
    if (i >= text.length) {
      throw new PatternSyntaxError(
        start + 1,
        "a closing '\"'",
        text.slice(start),
        `expected a closing '"' for the string that starts here`,
      );
    }
    const ch = text.charAt(i);
    if (ch === '"') break;
    if (ch === '\\' && i + 1 < text.length) {
      core += text.charAt(i + 1);
      leadingDone = true;
      trailingStars = 0;
      i += 2;
      continue;
    }
    if (ch === '*') {
      if (!leadingDone) leading++;
      else trailingStars++;
    } else {
      leadingDone = true;
      trailingStars = 0;
    }
    core += ch;
    i++;
  }
  const written = text.slice(start, i + 1);
  const allStars = !leadingDone;
  const value = allStars ? '' : core.slice(leading, core.length - trailingStars);
  return {
    token: {
      kind: 'string',
      text: written,
      value,
      wildcardStart: leading > 0,
      wildcardEnd: allStars ? leading > 0 : trailingStars > 0,
      position: start + 1,
    },
    end: i + 1,
  };
}

/** Reads `%…%` starting at `start`; a `\` keeps the next character (even a `%`) inside the expression. */
function readRegex(text: string, start: number): { token: Token; end: number } {
  let i = start + 1;
  while (i < text.length && text.charAt(i) !== '%') i += text.charAt(i) === '\\' ? 2 : 1;
  if (i >= text.length) {
    throw new PatternSyntaxError(
      start + 1,
      "a closing '%'",
      text.slice(start),
      `expected a closing '%' for the regular expression that starts here`,
    );
  }
  const written = text.slice(start, i + 1);
  return {
    token: {
      kind: 'regex',
      text: written,
      value: text.slice(start + 1, i),
      wildcardStart: false,
      wildcardEnd: false,
      position: start + 1,
    },
    end: i + 1,
  };
}

/**
 * Splits a JSON or space-delimited pattern into tokens, always ending with one `eof` token.
 * @throws PatternSyntaxError for an unterminated string or regular expression, a lone `&`, `|` or `!`.
 */
export function tokenizePattern(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const punctuation = PUNCTUATION[ch];
    if (punctuation !== undefined) {
      tokens.push(token(punctuation, ch, i));
      i++;
      continue;
    }
    const next = text.charAt(i + 1);
    if (ch === '&' || ch === '|') {
      if (next !== ch) {
        throw new PatternSyntaxError(i + 1, `'${ch}${ch}'`, ch, `expected '${ch}${ch}', found a single '${ch}'`);
      }
      tokens.push(token(ch === '&' ? 'and' : 'or', ch + ch, i));
      i += 2;
      continue;
    }
    if (ch === '=') {
      tokens.push(token('operator', '=', i));
      i++;
      continue;
    }
    if (ch === '!' || ch === '<' || ch === '>') {
      if (next === '=') {
        tokens.push(token('operator', ch + '=', i));
        i += 2;
      } else if (ch === '!') {
        throw new PatternSyntaxError(i + 1, "'!='", '!', `expected '!=', found a single '!'`);
      } else {
        tokens.push(token('operator', ch, i));
        i++;
      }
      continue;
    }
    if (ch === '"') {
      const read = readString(text, i);
      tokens.push(read.token);
      i = read.end;
      continue;
    }
    if (ch === '%') {
      const read = readRegex(text, i);
      tokens.push(read.token);
      i = read.end;
      continue;
    }
    const start = i;
    if (ch === '$') {
      i++;
      // Names, dots and `[…]` index groups; a `]` without its `[` ends the selector (`[a, $.b]`).
      while (i < text.length) {
        const c = text.charAt(i);
        if (c === '[') {
          const close = text.indexOf(']', i);
          if (close < 0 || /\s/.test(text.slice(i, close))) break;
          i = close + 1;
        } else if (SELECTOR_CHAR.test(c)) i++;
        else break;
      }
      tokens.push(token('selector', text.slice(start, i), start));
      continue;
    }
    while (i < text.length && !WORD_BREAK.has(text.charAt(i))) i++;
    const word = text.slice(start, i);
    tokens.push(token(word === '...' ? 'ellipsis' : 'word', word, start));
  }
  tokens.push(token('eof', '', text.length));
  return tokens;
}
