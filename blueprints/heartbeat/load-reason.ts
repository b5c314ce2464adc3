import { errorMessage } from '../kit/error-message.ts';

/** `net::ERR_…` when Chromium itself reported the navigation failure, else undefined. */
export function chromiumNetError(err: unknown): string | undefined {
  const match = /^(net::ERR_[A-Z0-9_]+)/.exec(errorMessage(err));
  return match?.[1];
}

/** 5000 → "5", 1500 → "1.5", 250 → "0.25". */
export function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}
