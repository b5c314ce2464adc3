/**
 * Parser for term patterns ("Matching terms in log events", CloudWatch Logs user guide):
 *
 * - `ERROR` matches messages that contain ERROR (a substring: it also matches `ERRORCODE`); case-sensitive;
 * - `ERROR Exception`: all terms, in any order;
 * - `"Failed to process the request"`: a quoted phrase, matched as one string (`\"` a quote, `\\` a backslash);
 * - `-DEBUG`, `ERROR -DEBUG`: the message must not contain the term;
 * - `?ERROR ?WARN`: either. Each `?` starts an alternative, and the terms that follow it without `?` belong to it,
 *   so `?ERROR MainThread ?WARN Deadlock` is (ERROR and MainThread) or (WARN and Deadlock) — the reading the AWS CDK
 *   gives its `FilterPattern.anyTermGroup`. Terms before the first `?` form an alternative of their own.
 * - "Metric filter terms that include characters other than alphanumeric or underscore must be placed inside double
 *   quotes": an unquoted term may only hold A–Z a–z 0–9 and `_`.
 * - `%…%`: a regular expression, only as the whole pattern ("standalone").
 */
import type { FilterPatternAst, TermGroup, TermNode } from './ast.ts';
import { parseRegex } from './parse-regex.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';

const TERM_CHAR = /[A-Za-z0-9_]/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

interface ScannedTerm {
  readonly prefix: '' | '?' | '-';
  readonly kind: 'word' | 'string' | 'regex';
  readonly text: string;
  readonly value: string;
  /** 1-based position of the term itself (after any prefix). */
  readonly position: number;
  /** 1-based position of the prefix, or of the term when there is none. */
  readonly start: number;
}

function scanQuoted(text: string, open: number): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  for (;;) {
    if (i >= text.length) {
      throw new PatternSyntaxError(
        open + 1,
        "a closing '\"'",
        text.slice(open),
        `expected a closing '"' for the phrase that starts here`,
      );
    }
    const ch = text.charAt(i);
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\' && i + 1 < text.length) {
      value += text.charAt(i + 1);
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
}

function scanTerms(text: string): ScannedTerm[] {
  const terms: ScannedTerm[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text.charAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let prefix: ScannedTerm['prefix'] = '';
    const first = text.charAt(i);
    if (first === '?' || first === '-') {
      prefix = first;
      i++;
      const after = text.charAt(i);
      if (after === '' || isSpace(after)) {
        throw new PatternSyntaxError(
          i + 1,
          `a term right after '${prefix}'`,
          after === '' ? '' : 'a space',
          `expected a term right after '${prefix}', found ${after === '' ? 'the end of the pattern' : 'a space'}`,
        );
      }
    }
    const at = i;
    const ch = text.charAt(i);
    if (ch === '"') {
      const quoted = scanQuoted(text, i);
      i = quoted.end;
      terms.push({
        prefix,
        kind: 'string',
        text: text.slice(at, i),
        value: quoted.value,
        position: at + 1,
        start: start + 1,
      });
    } else if (ch === '%') {
      let end = i + 1;
      while (end < text.length && text.charAt(end) !== '%') end += text.charAt(end) === '\\' ? 2 : 1;
      if (end >= text.length) {
        throw new PatternSyntaxError(
          at + 1,
          "a closing '%'",
          text.slice(at),
          `expected a closing '%' for the regular expression that starts here`,
        );
      }
      i = end + 1;
      terms.push({
        prefix,
        kind: 'regex',
        text: text.slice(at, i),
        value: text.slice(at + 1, end),
        position: at + 1,
        start: start + 1,
      });
    } else {
      while (i < text.length && !isSpace(text.charAt(i))) i++;
      const word = text.slice(at, i);
      for (let k = 0; k < word.length; k++) {
        const c = word.charAt(k);
        if (!TERM_CHAR.test(c)) {
          throw new PatternSyntaxError(
            at + k + 1,
            `a letter, digit or '_' in the unquoted term ${word}`,
            c,
            `'${c}' is not allowed in an unquoted term; put terms with characters other than letters, digits and '_' in double quotes: "${word.replace(/["\\]/g, (q) => `\\${q}`)}"`,
          );
        }
      }
      terms.push({ prefix, kind: 'word', text: word, value: word, position: at + 1, start: start + 1 });
    }
    const next = text.charAt(i);
    if (next !== '' && !isSpace(next)) {
      throw new PatternSyntaxError(i + 1, 'a space between terms', next);
    }
  }
  return terms;
}

/** Parses a pattern that is neither JSON (`{…}`) nor space-delimited (`[…]`) and is not blank. */
export function parseTerms(text: string): FilterPatternAst {
  const scanned = scanTerms(text);
  const regex = scanned.find((term) => term.kind === 'regex');
  if (regex !== undefined) {
    if (scanned.length !== 1 || regex.prefix !== '') {
      throw new PatternSyntaxError(
        regex.start,
        'a regular expression as the whole pattern',
        regex.prefix + regex.text,
        `a regular expression term must be the whole pattern; it cannot be combined with other terms, '?' or '-'`,
      );
    }
    return { type: 'regex', regex: parseRegex(regex.value, regex.position) };
  }
  const groups: { include: TermNode[]; exclude: TermNode[] }[] = [];
  let current: { include: TermNode[]; exclude: TermNode[] } | undefined;
  for (const term of scanned) {
    if (term.prefix === '?' || current === undefined) {
      current = { include: [], exclude: [] };
      groups.push(current);
    }
    const node: TermNode = {
      type: 'term',
      text: term.text,
      value: term.value,
      quoted: term.kind === 'string',
      position: term.position,
    };
    (term.prefix === '-' ? current.exclude : current.include).push(node);
  }
  const result: TermGroup[] = groups;
  return { type: 'terms', groups: result };
}
