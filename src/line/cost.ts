// Estimated cost of a station attempt from the line's price table (US dollars per million tokens).
import type { LineConfig } from './config.js';

export function estimateCost(prices: LineConfig['prices'], model: string, tokensIn: number, tokensOut: number): number {
  const p = prices?.[model] ?? prices?.['*'];
  if (!p) return 0;
  return Math.round(((tokensIn * p.input + tokensOut * p.output) / 1e6) * 1e9) / 1e9;
}
