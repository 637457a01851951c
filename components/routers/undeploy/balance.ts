import { setWeight as setHundredths, sumOf, toHundredths, toPercent } from "@/lib/routers/weights";

/**
 * The undeploy wizard's manual sliders in percent, on top of the shared slider math in
 * hundredths (`lib/routers/weights.ts`): setting one weight rebalances the others in
 * proportion to what they had (evenly when all are 0), so the total stays exactly 100.
 */
export function setWeight(weights: number[], index: number, value: number): number[] {
  const basis = weights.map(toHundredths);
  return setHundredths(basis, basis.map(() => false), index, toHundredths(Number.isFinite(value) ? value : 0)).map(toPercent);
}

/** Sum of weights in hundredths (each rounded to 0.01), as the API counts it. */
export function totalHundredths(weights: number[]): number {
  return sumOf(weights.map(toHundredths));
}
