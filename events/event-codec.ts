import { eventKeys, type CanaryEvent, type CanaryEventType, type StoredEvent } from '../core/events.ts';

/** A stream entry as ioredis returns it: the id and the flat field/value list. */
export type StreamEntry = [id: string, fields: string[]];

const KNOWN = new Set<string>(Object.keys(eventKeys));

/** The fields of a stream entry: the type on its own (readable with `redis-cli XRANGE`), the event as JSON. */
export function encodeEvent(event: CanaryEvent, at: string, source: string): string[] {
  return ['type', event.type, 'at', at, 'source', source, 'event', JSON.stringify(event)];
}

/** The stream entry's type without parsing its JSON, or undefined when it is not an event of ours. */
export function entryType(fields: readonly string[]): CanaryEventType | undefined {
  const type = field(fields, 'type');
  return type !== undefined && KNOWN.has(type) ? (type as CanaryEventType) : undefined;
}

/** The stored event, or undefined for an entry that is not one (unknown type, broken JSON). */
export function decodeEntry([id, fields]: StreamEntry): StoredEvent | undefined {
  const type = entryType(fields);
  const json = field(fields, 'event');
  if (!type || json === undefined) return undefined;
  try {
    const event = JSON.parse(json) as CanaryEvent;
    if (event.type !== type) return undefined;
    return { id, at: field(fields, 'at') ?? '', source: field(fields, 'source') ?? '', event };
  } catch {
    return undefined;
  }
}

function field(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
