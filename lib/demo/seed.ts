import type { Db } from "@/lib/db/client";
import { lockDemoSeeding } from "@/lib/db/locks";
import { createProject } from "@/lib/projects/repo";
import { saveRouterDocument } from "@/lib/routers/document-repo";
import { deployRouter } from "@/lib/versions/repo";
import { DEMO_PROJECT, DEMO_ROUTERS } from "./documents";

const SEEDED_KEY = "demo_seeded";

/**
 * Loads the demo project once per installation. A marker row records that it was done, so
 * a restart never reseeds over the user's data (nor brings back a demo project they
 * deleted). A first start that died half-way leaves no marker and its partial demo
 * project is replaced. Consoles starting at once on one database load it once: the marker
 * is checked and written in a transaction holding a lock, while the demo itself is written
 * by the ordinary (transactional) operations beside it.
 */
export async function seedDemoOnce(db: Db, owner: { email: string; userId: string }): Promise<boolean> {
  if (await db.instanceMeta.findUnique({ where: { key: SEEDED_KEY } })) return false;
  return db.$transaction(
    async (tx) => {
      await lockDemoSeeding(tx);
      if (await tx.instanceMeta.findUnique({ where: { key: SEEDED_KEY } })) return false;
      await db.project.deleteMany({ where: { name: DEMO_PROJECT.name } });
      const projectId = await seedDemo(db, owner.email);
      // The demo belongs to the first administrator.
      await db.membership.create({ data: { userId: owner.userId, projectId, role: "owner" } });
      await tx.instanceMeta.create({ data: { key: SEEDED_KEY, value: { at: new Date().toISOString() } } });
      return true;
    },
    // The demo's deploys run their analyses meanwhile; a second console waits for them.
    { maxWait: 60_000, timeout: 300_000 },
  );
}

export async function seedDemo(db: Db, author: string): Promise<string> {
  const project = await createProject(db, DEMO_PROJECT);
  for (const router of DEMO_ROUTERS) {
    for (const [i, doc] of router.history.entries()) {
      await saveRouterDocument(db, project.id, doc);
      await deployRouter(db, project.id, doc.name, { message: router.messages[i] ?? `Version ${i + 1}`, author });
    }
    if (router.draft) await saveRouterDocument(db, project.id, router.draft);
  }
  return project.id;
}
