/**
 * Linear-time matching of a parsed CloudWatch regular expression. The expression is compiled to a Thompson NFA
 * (counted repetitions expanded, at most REGEX_MAX_STATES states), which is run as a lazily built DFA: each
 * deterministic state is a set of NFA states, built the first time the search reaches it and cached (at most
 * REGEX_MAX_CACHED_STATES, then the cache is flushed). Every message character costs one table look-up, or one
 * set construction (bounded by the NFA size) on a cache miss; a search that keeps missing (more than twice the cache
 * size in new states) finishes as a plain NFA simulation, O(NFA states) per character. So no pattern and no message
 * can make matching backtrack: the worst case is linear in the message length times the NFA size (about 3 s for a
 * 256 KB message against `%a.{999}b%` on this project's machine; typical expressions run at DFA speed).
 *
 * Semantics: unanchored search (the expression may match anywhere), `^` / `$` only at the start / end of the text,
 * `.` any UTF-16 code unit (newlines included), case-sensitive.
 */
import type { RegexAtom, RegexClassItem, RegexNode } from './ast.ts';
import { REGEX_MAX_CACHED_STATES } from './limits.ts';

const CHAR = 0;
const SPLIT = 1;
const ASSERT_START = 2;
const ASSERT_END = 3;
const MATCH = 4;

/** New deterministic states one search may build before it switches to plain NFA simulation. */
const THRASH_LIMIT = 2 * REGEX_MAX_CACHED_STATES;

type Predicate = (code: number) => boolean;

function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function itemMatches(item: RegexClassItem, code: number): boolean {
  if (item.kind === 'range') return code >= item.from && code <= item.to;
  const hit =
    item.shorthand === 'digit'
      ? code >= 48 && code <= 57
      : item.shorthand === 'space'
        ? isSpaceCode(code)
        : isWordCode(code);
  return hit !== item.negated;
}

function predicateOf(atom: RegexAtom): Predicate {
  switch (atom.kind) {
    case 'char': {
      const expected = atom.code;
      return (code) => code === expected;
    }
    case 'any':
      return () => true;
    case 'class': {
      const { items, negated } = atom;
      return (code) => items.some((item) => itemMatches(item, code)) !== negated;
    }
    case 'start':
    case 'end':
      throw new Error('anchors have no predicate');
  }
}

/** A deterministic state: a sorted set of NFA states, and its outgoing transitions discovered so far. */
interface DState {
  readonly ids: Int32Array;
  readonly accepting: boolean;
  /** Whether the state accepts once the text has ended (`$` assertions pass); computed on first need. */
  acceptsAtEnd: boolean | undefined;
  /** Next state per ASCII code (-1: not computed yet). */
  readonly ascii: Int32Array;
  other: Map<number, number> | undefined;
}

/** A literal shortcut: the expression is a plain string, optionally anchored. */
interface Literal {
  readonly text: string;
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

function literalOf(node: RegexNode): Literal | undefined {
  if (node.alternatives.length !== 1) return undefined;
  const pieces = node.alternatives[0] ?? [];
  let text = '';
  let anchoredStart = false;
  let anchoredEnd = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece === undefined || piece.min !== 1 || piece.max !== 1) return undefined;
    const atom = piece.atom;
    if (atom.kind === 'char') text += String.fromCharCode(atom.code);
    else if (atom.kind === 'start' && i === 0) anchoredStart = true;
    else if (atom.kind === 'end' && i === pieces.length - 1) anchoredEnd = true;
    else return undefined;
  }
  return { text, anchoredStart, anchoredEnd };
}

/** A compiled regular expression. `search` never throws and runs in time linear in the text length. */
export class RegexMatcher {
  readonly source: string;
  private readonly literal: Literal | undefined;
  // NFA
  private readonly kind: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  private readonly predicates: (Predicate | undefined)[] = [];
  private readonly start: number;
  // Scratch space for closures, reused by every call.
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: Int32Array;
  private readonly collected: Int32Array;
  // DFA cache
  private states: DState[] = [];
  private byKey = new Map<string, number>();
  private startIds: Int32Array;
  private startState = 0;
  private readonly emptyMatches: boolean;

  constructor(node: RegexNode) {
    this.source = node.source;
    this.literal = literalOf(node);
    const matchState = this.add(MATCH, -1, -1, undefined);
    let entry = -1;
    for (let a = node.alternatives.length - 1; a >= 0; a--) {
      const pieces = node.alternatives[a] ?? [];
      let next = matchState;
      for (let p = pieces.length - 1; p >= 0; p--) {
        const piece = pieces[p];
        if (piece !== undefined) next = this.compilePiece(piece.atom, piece.min, piece.max, next);
      }
      entry = entry < 0 ? next : this.add(SPLIT, next, entry, undefined);
    }
    this.start = entry < 0 ? matchState : entry;
    const size = this.kind.length;
    this.mark = new Int32Array(size);
    this.stack = new Int32Array(size * 3 + 2);
    this.collected = new Int32Array(size + 1);
    this.startIds = this.closure([this.start], true, false);
    this.startState = this.intern(this.startIds);
    this.emptyMatches = this.closure([this.start], true, true).some((id) => this.kind[id] === MATCH);
  }

  private add(kind: number, out1: number, out2: number, predicate: Predicate | undefined): number {
    this.kind.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.predicates.push(predicate);
    return this.kind.length - 1;
  }

  private atomState(atom: RegexAtom, next: number, predicate: Predicate | undefined): number {
    if (atom.kind === 'start') return this.add(ASSERT_START, next, -1, undefined);
    if (atom.kind === 'end') return this.add(ASSERT_END, next, -1, undefined);
    return this.add(CHAR, next, -1, predicate);
  }

  /** Compiles `atom{min,max}` so that it continues to `next`; returns its entry state. Built back to front. */
  private compilePiece(atom: RegexAtom, min: number, max: number, next: number): number {
    const predicate = atom.kind === 'start' || atom.kind === 'end' ? undefined : predicateOf(atom);
    let entry = next;
    let mandatory = min;
    if (max === Infinity) {
      // The loop: split → (atom → split) | next. With min ≥ 1 the last mandatory copy is the loop's atom.
      const split = this.add(SPLIT, -1, next, undefined);
      const loopAtom = this.atomState(atom, split, predicate);
      this.out1[split] = loopAtom;
      if (min >= 1) {
        entry = loopAtom;
        mandatory = min - 1;
      } else {
        entry = split;
      }
    } else {
      for (let k = 0; k < max - min; k++) {
        const copy = this.atomState(atom, entry, predicate);
        entry = this.add(SPLIT, copy, next, undefined);
      }
    }
    for (let k = 0; k < mandatory; k++) entry = this.atomState(atom, entry, predicate);
    return entry;
  }

  /**
   * The states reachable from `from` without consuming a character, keeping those that consume one (CHAR), MATCH,
   * and — while the text has not ended — pending `$` assertions. `^` passes only at the start of the text.
   */
  private closure(from: ArrayLike<number>, atStart: boolean, atEnd: boolean): Int32Array {
    const count = this.closureInto(from, from.length, atStart, atEnd, this.collected);
    return this.collected.slice(0, count).sort();
  }

  /** {@link closure} of the first `fromCount` states of `from`, written unsorted into `collected`; returns the count. */
  private closureInto(
    from: ArrayLike<number>,
    fromCount: number,
    atStart: boolean,
    atEnd: boolean,
    collected: Int32Array,
  ): number {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.mark.fill(0);
    }
    const gen = ++this.generation;
    const mark = this.mark;
    const stack = this.stack;
    let top = 0;
    let count = 0;
    for (let i = fromCount - 1; i >= 0; i--) stack[top++] = from[i] ?? 0;
    while (top > 0) {
      const id = stack[--top] ?? 0;
      if (mark[id] === gen) continue;
      mark[id] = gen;
      switch (this.kind[id]) {
        case CHAR:
        case MATCH:
          collected[count++] = id;
          break;
        case SPLIT:
          stack[top++] = this.out2[id] ?? 0;
          stack[top++] = this.out1[id] ?? 0;
          break;
        case ASSERT_START:
          if (atStart) stack[top++] = this.out1[id] ?? 0;
          break;
        case ASSERT_END:
          if (atEnd) stack[top++] = this.out1[id] ?? 0;
          else collected[count++] = id;
          break;
      }
    }
    return count;
  }

  private intern(ids: Int32Array): number {
    const key = ids.join(',');
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.states.length >= REGEX_MAX_CACHED_STATES) {
      this.states = [];
      this.byKey = new Map();
      this.startState = -1;
    }
    let accepting = false;
    for (const id of ids) if (this.kind[id] === MATCH) accepting = true;
    this.states.push({
      ids,
      accepting,
      acceptsAtEnd: undefined,
      ascii: new Int32Array(128).fill(-1),
      other: undefined,
    });
    const index = this.states.length - 1;
    this.byKey.set(key, index);
    if (this.startState < 0) this.startState = this.intern(this.startIds);
    return index;
  }

  private transition(from: number, code: number): number {
    const state = this.states[from];
    if (state === undefined) return this.startState;
    const moves: number[] = [this.start];
    for (const id of state.ids) {
      if (this.kind[id] === CHAR && this.predicates[id]?.(code) === true) moves.push(this.out1[id] ?? 0);
    }
    const generationBefore = this.states;
    const next = this.intern(this.closure(moves, false, false));
    // Record the edge unless the cache was flushed meanwhile (the old state is gone).
    if (this.states === generationBefore) {
      if (code < 128) state.ascii[code] = next;
      else (state.other ??= new Map()).set(code, next);
    }
    return next;
  }

  private acceptsAtEnd(index: number): boolean {
    const state = this.states[index];
    if (state === undefined) return false;
    if (state.acceptsAtEnd === undefined) {
      state.acceptsAtEnd = this.closure(state.ids, false, true).some((id) => this.kind[id] === MATCH);
    }
    return state.acceptsAtEnd;
  }

  /** True when the expression matches somewhere in `text`. */
  search(text: string): boolean {
    const literal = this.literal;
    if (literal !== undefined) {
      if (literal.anchoredStart && literal.anchoredEnd) return text === literal.text;
      if (literal.anchoredStart) return text.startsWith(literal.text);
      if (literal.anchoredEnd) return text.endsWith(literal.text);
      return text.includes(literal.text);
    }
    const length = text.length;
    if (length === 0) return this.emptyMatches;
    let current = this.startState;
    let state = this.states[current];
    if (state === undefined) return false;
    if (state.accepting) return true;
    let built = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      let next = code < 128 ? (state.ascii[code] ?? -1) : (state.other?.get(code) ?? -1);
      if (next < 0) {
        // Too many new deterministic states in one search: the cache is not paying off, so run the NFA directly.
        if (++built > THRASH_LIMIT) return this.simulate(text, i, state.ids);
        next = this.transition(current, code);
      }
      current = next;
      const reached = this.states[current];
      if (reached === undefined) return false;
      if (reached.accepting) return true;
      state = reached;
    }
    return this.acceptsAtEnd(current);
  }

  /**
   * Plain NFA simulation from `text[from]` on, starting in the NFA states `ids`: per character, the live states
   * that accept it step forward and a new match attempt starts. O(NFA states) per character, no allocation.
   */
  private simulate(text: string, from: number, ids: Int32Array): boolean {
    const size = this.kind.length;
    let current = new Int32Array(size + 1);
    let next = new Int32Array(size + 1);
    current.set(ids);
    let count = ids.length;
    const moves = new Int32Array(size + 1);
    for (let i = from; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let moveCount = 0;
      moves[moveCount++] = this.start;
      for (let k = 0; k < count; k++) {
        const id = current[k] ?? 0;
        if (this.kind[id] === CHAR && this.predicates[id]?.(code) === true) moves[moveCount++] = this.out1[id] ?? 0;
      }
      count = this.closureInto(moves, moveCount, false, false, next);
      for (let k = 0; k < count; k++) if (this.kind[next[k] ?? 0] === MATCH) return true;
      const swap = current;
      current = next;
      next = swap;
    }
    count = this.closureInto(current, count, false, true, next);
    for (let k = 0; k < count; k++) if (this.kind[next[k] ?? 0] === MATCH) return true;
    return false;
  }
}
