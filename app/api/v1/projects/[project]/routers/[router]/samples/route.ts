import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { deleteSamples, exportSamples } from "@/lib/replay/repo";
import { samplesQuerySchema } from "@/lib/replay/schema";
import { routerParamsSchema } from "@/lib/routers/schema";

/** The router's recorded requests as NDJSON, oldest first: one sample a line in the CLI's request format, with its time, version, sticky key or slot, sampling rate, recorded fields and what was served. */
export const GET = route({ access: { project: "editor" }, params: routerParamsSchema, query: samplesQuerySchema }, async ({ db, access, params, query }) => {
  const stream = await exportSamples(db, access!.project.id, params.router, query);
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "application/x-ndjson",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${params.router}-samples.ndjson"`,
    },
  });
});

/** Delete every recorded request of the router. */
export const DELETE = route({ access: { project: "editor" }, params: routerParamsSchema }, async ({ db, access, params, principal }) => {
  await deleteSamples(db, access!.project.id, params.router, actorName(principal!));
  return reply(undefined, { status: 204 });
});
