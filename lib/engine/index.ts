/** The routing engine's public API: pure TypeScript, shared by the console, API, CLI and gateway. */
export { compile, type CompileOptions } from "./compile";
export type { CompiledRouter, CompileWarning, ConditionTrace, DecideOptions, Rng, RuleTrace, Trace } from "./compiled";
export { compileCondition, compileRegex, conditionPatternErrors, matchCondition, matchConditions, type CompiledCondition, type RegexResult } from "./conditions";
export { PIN_HEADER } from "./decide";
export { bucketOf, murmur3, murmur3Text } from "./murmur3";
export { parsePath, type PathSegment } from "./paths";
export { seededRng } from "./rng";
export {
  canonicalTable,
  cumulativeRanges,
  decodeSlots,
  encodeSlots,
  minimumMovedSlots,
  movedShare,
  movedSlots,
  rebalance,
  slotCounts,
  type DecodedSlots,
  type SlotTable,
} from "./slots";
export { fieldText } from "./values";
