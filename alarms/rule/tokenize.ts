import { AlarmRuleSyntaxError } from './syntax-error.ts';

/**
 * Token kinds of the AlarmRule grammar. The tokenizer does not know keywords:
 * every run of characters other than whitespace, `(`, `)`, `,` and `"` is a
 * `word`, and the parser decides from context whether a word is a keyword
 * (`AND`, `ALARM`, …), a number (`2`, `50%`) or a bare alarm name / ARN.
 * That is how bare names such as `arn:aws:cloudwatch:…:alarm:cpu-high` work
 * without quoting, and why they cannot contain spaces, parentheses or commas.
 */
export type TokenKind = 'lparen' | 'rparen' | 'comma' | 'string' | 'word' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written in the rule (quotes and escapes included for strings, `''` for eof). */
  readonly text: string;
  /** For `string`, the unquoted, unescaped alarm name; otherwise equal to `text`. */
  readonly value: string;
  /** 1-based char index of the token's first character (rule length + 1 for eof). */
  readonly position: number;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

function isWordChar(ch: string): boolean {
  return !isSpace(ch) && ch !== '(' && ch !== ')' && ch !== ',' && ch !== '"';
}

/**
 * Splits a rule into tokens, always ending with one `eof` token.
 * Quoted names run to the next unescaped `"`; a backslash makes the next
 * character literal (`\"` is a quote, `\\` a backslash).
 * @throws AlarmRuleSyntaxError for an unterminated quoted name.
 */
export function tokenizeAlarmRule(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const ch = rule.charAt(i);
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const punctuation = PUNCTUATION[ch];
    if (punctuation !== undefined) {
      tokens.push({ kind: punctuation, text: ch, value: ch, position: i + 1 });
      i++;
      continue;
    }
    if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= rule.length) {
          throw new AlarmRuleSyntaxError(
            `Missing closing '"' for the alarm name that starts at char ${start + 1}`,
            start + 1,
            rule.slice(start),
          );
        }
        const c = rule.charAt(i);
        if (c === '"') break;
        if (c === '\\' && i + 1 < rule.length) {
          value += rule.charAt(i + 1);
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', text: rule.slice(start, i), value, position: start + 1 });
      continue;
    }
    const start = i;
    while (i < rule.length && isWordChar(rule.charAt(i))) i++;
    const text = rule.slice(start, i);
    tokens.push({ kind: 'word', text, value: text, position: start + 1 });
  }
  tokens.push({ kind: 'eof', text: '', value: '', position: rule.length + 1 });
  return tokens;
}
