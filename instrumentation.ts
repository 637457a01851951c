/**
 * Runs once when a console server starts (`npm run dev`, `npm start`, or `next start`
 * directly): starts the rollout controller. Every console instance starts one; a PostgreSQL
 * advisory lock lets exactly one of them act.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file to prerender: a build never acts on rollouts.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startRolloutController } = await import("./lib/rollouts/controller");
  startRolloutController();
}
