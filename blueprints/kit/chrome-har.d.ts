// Minimal typings for chrome-har (it ships none).
declare module 'chrome-har' {
  export interface ChromeHarMessage {
    method: string;
    params: unknown;
  }
  export interface ChromeHarOptions {
    includeResourcesFromDiskCache?: boolean;
    includeTextFromResponseBody?: boolean;
  }
  export interface Har {
    log: {
      version: string;
      creator: { name: string; version: string; comment?: string };
      pages: Array<{ id: string; title: string; startedDateTime: string; pageTimings: Record<string, number> }>;
      entries: Array<{
        pageref?: string;
        startedDateTime: string;
        time: number;
        request: { method: string; url: string; [k: string]: unknown };
        response: { status: number; statusText: string; [k: string]: unknown };
        [k: string]: unknown;
      }>;
    };
  }
  export function harFromMessages(messages: readonly ChromeHarMessage[], options?: ChromeHarOptions): Har;
}
