import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { deploySchema, routerParamsSchema } from "@/lib/routers/schema";
import { deployRouter } from "@/lib/versions/repo";

/** Deploy the draft: analysis errors block it (422 with the findings); one deploy at a time per router (409). */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: deploySchema }, async ({ db, access, params, body, principal }) => {
  const result = await deployRouter(db, access!.project.id, params.router, { message: body.message, author: actorName(principal!) });
  return reply({ version: result.number }, { status: 201, headers: { location: `/api/v1/projects/${params.project}/routers/${params.router}/versions/${result.number}` } });
});
