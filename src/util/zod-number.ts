// Number schemas the line config and the tuning bounds share, so a bound is written one way: a
// number within limits, an integer within limits, a share (0–1).
import * as z from 'zod/mini';

export const num = (min?: number, max?: number) => {
  const checks = [];
  if (min !== undefined) checks.push(z.gte(min));
  if (max !== undefined) checks.push(z.lte(max));
  return checks.length ? z.number().check(...checks) : z.number();
};
export const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
export const share = () => num(0, 1);
