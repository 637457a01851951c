import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { expectedRevision } from "@/lib/http/revision";
import { deploySchema, routerParamsSchema } from "@/lib/routers/schema";
import { deployRouter } from "@/lib/versions/repo";

/** Deploy the draft: analysis errors block it (422 with the findings); If-Match names the draft revision reviewed (412 when it moved on); a draft identical to the active version is not deployed (409); one deploy at a time per router (409). */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: deploySchema }, async ({ req, db, access, params, body, principal }) => {
  const result = await deployRouter(db, access!.project.id, params.router, { message: body.message, author: actorName(principal!), expectedRevision: expectedRevision(req) });
  return reply({ version: result.number }, { status: 201, headers: { location: `/api/v1/projects/${params.project}/routers/${params.router}/versions/${result.number}` } });
});
