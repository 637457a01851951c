import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ROUTERS } from "@/lib/demo/documents";
import type { RouterDocumentInput } from "@/lib/router/document";
import { expectProblem, startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * The seeds' scenarios end to end over HTTP: Ray Serve's canary and rollback, Dataiku's
 * dispatch key, Qwak's audience with a fallback and its undeploy, Turing's rule analysis.
 */

let t: ApiTest;
let P: string;
let api: Client;

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("seeds");
  P = project.path;
  api = project.writer;
}, 60_000);
afterAll(async () => t?.close());

const demo = (name: string) => {
  const found = DEMO_ROUTERS.find((r) => (r.history[0] ?? r.draft)?.name === name);
  if (!found) throw new Error(`no demo router ${name}`);
  return found;
};
const etagOf = async (path: string) => Number(JSON.parse((await api.get(path)).headers.get("etag")!));

async function create(doc: RouterDocumentInput) {
  const res = await api.post(`${P}/routers`, doc);
  expect(res.status, res.text).toBe(201);
}
async function deploy(router: string, message: string): Promise<number> {
  const res = await api.post(`${P}/routers/${router}/deployments`, { message });
  expect(res.status, res.text).toBe(201);
  return res.body.version;
}
async function simulateMany(router: string, requests: unknown[], version: "draft" | "active" = "active") {
  const res = await api.post(`${P}/routers/${router}/simulate`, { requests, version });
  expect(res.status, res.text).toBe(200);
  return res.body as { decisions: { route?: string; rule?: string; error?: { code: string; status: number } }[]; distribution: { total: number; routes: { route: string; count: number }[]; shadows: { route: string; count: number }[] } };
}
const countOf = (list: { route: string; count: number }[], route: string) => list.find((x) => x.route === route)?.count ?? 0;

describe("Ray Serve: canary 99/1 → 98/1/1 → 100 % new → rollback", () => {
  const ray = demo("ray-canary");
  const R = () => `${P}/routers/ray-canary`;

  it("deploys versions 1..4 and the rollback serves version 1's document", async () => {
    await create(ray.history[0]!);
    expect(await deploy("ray-canary", ray.messages[0]!)).toBe(1);

    // 10 000 requests against the active version: 99/1.
    const v1 = await simulateMany("ray-canary", Array.from({ length: 10_000 }, () => ({})));
    expect(v1.distribution.total).toBe(10_000);
    expect(countOf(v1.distribution.routes, "new-backend")).toBeGreaterThanOrEqual(50);
    expect(countOf(v1.distribution.routes, "new-backend")).toBeLessThanOrEqual(160);
    expect(countOf(v1.distribution.routes, "default-backend")).toBeGreaterThanOrEqual(9840);

    // Second canary with shadow traffic, written as a whole document.
    const saved = await api.put(`${R()}/config`, ray.history[1], { ifMatch: await etagOf(`${R()}/config`) });
    expect(saved.status, saved.text).toBe(200);
    expect(await deploy("ray-canary", ray.messages[1]!)).toBe(2);
    const v2 = await simulateMany("ray-canary", Array.from({ length: 10_000 }, () => ({})));
    for (const canary of ["new-backend", "new-backend-2"]) {
      expect(countOf(v2.distribution.routes, canary)).toBeGreaterThanOrEqual(50);
      expect(countOf(v2.distribution.routes, canary)).toBeLessThanOrEqual(160);
    }
    // Shadows are drawn independently, and never to the route that answered (≈ 49.5 % and 9.9 %).
    expect(countOf(v2.distribution.shadows, "new-backend")).toBeGreaterThan(4600);
    expect(countOf(v2.distribution.shadows, "new-backend")).toBeLessThan(5300);
    expect(countOf(v2.distribution.shadows, "new-backend-2")).toBeGreaterThan(850);
    expect(countOf(v2.distribution.shadows, "new-backend-2")).toBeLessThan(1130);

    // All traffic to the new backend.
    const all = await api.put(`${R()}/default-rule`, { strategy: "random", split: [{ route: "new-backend", weight: 100 }], shadows: [] });
    expect(all.status, all.text).toBe(200);
    expect(await deploy("ray-canary", "100 % new-backend")).toBe(3);
    const v3 = await simulateMany("ray-canary", Array.from({ length: 10_000 }, () => ({})));
    expect(v3.distribution.routes).toEqual([{ route: "new-backend", count: 10_000, share: 1 }]);

    // Something is wrong with the new backend: roll back to version 1.
    const rollback = await api.post(`${R()}/versions/1/rollback`, { message: "back to the 1 % canary" });
    expect(rollback.status, rollback.text).toBe(201);
    expect(rollback.body).toEqual({ version: 4, from: 1 });

    const versions = await api.get(`${R()}/versions`);
    expect(versions.body.items.map((v: { number: number; active: boolean }) => [v.number, v.active])).toEqual([
      [4, true],
      [3, false],
      [2, false],
      [1, false],
    ]);
    const [one, four] = await Promise.all([api.get(`${R()}/versions/1`), api.get(`${R()}/versions/4`)]);
    expect(four.body.document).toEqual(one.body.document);
    expect((await api.get(`${R()}/versions/4/diff?against=1`)).body.diff.identical).toBe(true);

    const v4 = await simulateMany("ray-canary", Array.from({ length: 10_000 }, () => ({})));
    expect(countOf(v4.distribution.routes, "new-backend")).toBeGreaterThanOrEqual(50);
    expect(countOf(v4.distribution.routes, "new-backend")).toBeLessThanOrEqual(160);
    expect(countOf(v4.distribution.routes, "new-backend-2")).toBe(0);
    // The draft is left as it was (100 % new): the console shows it differs from what runs.
    expect((await api.get(R())).body).toMatchObject({ activeVersion: 4, undeployedChanges: true });
  });
});

describe("Dataiku: sticky on dispatch.dispatchKey", () => {
  const dataiku = demo("dataiku-sticky");
  const R = () => `${P}/routers/dataiku-sticky`;
  const keyed = (key: string) => ({ method: "POST", path: "/predict", body: { features: { x: 1 }, dispatch: { dispatchKey: key } } });

  beforeAll(async () => {
    await create(dataiku.history[2]!);
    await deploy("dataiku-sticky", dataiku.messages[2]!);
  });

  it("a request without the key is a 400 missing_key decision", async () => {
    for (const version of ["draft", "active"]) {
      const res = await api.post(`${R()}/simulate`, { request: { method: "POST", body: { features: { x: 1 } } }, version });
      expect(res.status, res.text).toBe(200);
      expect(res.body.decision.error).toMatchObject({ status: 400, code: "missing_key" });
    }
  });

  it("the same key reaches the same route across calls", async () => {
    const routes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await api.post(`${R()}/simulate`, { request: keyed("customer-42"), version: "active" });
      expect(res.body.decision).toMatchObject({ sticky: true, key: "customer-42" });
      routes.add(res.body.decision.route);
    }
    expect(routes.size).toBe(1);
    const batch = await simulateMany("dataiku-sticky", Array.from({ length: 50 }, () => keyed("customer-42")));
    expect(new Set(batch.decisions.map((d) => d.route))).toEqual(routes);
  });

  it("an unrelated weight change keeps every key whose route keeps its slots", async () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `key-${i}`);
    const before = (await simulateMany("dataiku-sticky", keys.map(keyed))).decisions.map((d) => d.route!);
    expect(new Set(before)).toEqual(new Set(["generation-1", "generation-2", "generation-3"]));

    // generation-1 gives 10 points to generation-2; generation-3 is not involved.
    const res = await api.put(`${R()}/default-rule`, {
      strategy: "sticky",
      split: [
        { route: "generation-1", weight: 50 },
        { route: "generation-2", weight: 30 },
        { route: "generation-3", weight: 20 },
      ],
    });
    expect(res.status, res.text).toBe(200);
    await deploy("dataiku-sticky", "generation-2 to 30 %");
    const after = (await simulateMany("dataiku-sticky", keys.map(keyed))).decisions.map((d) => d.route!);

    let moved = 0;
    keys.forEach((_, i) => {
      if (before[i] !== "generation-1") expect(after[i], keys[i]).toBe(before[i]);
      else if (after[i] !== "generation-1") {
        expect(after[i]).toBe("generation-2");
        moved++;
      }
    });
    // Exactly 10 % of the slots moved; of 2000 keys, about 200.
    expect(moved).toBeGreaterThan(120);
    expect(moved).toBeLessThan(280);
    const slots = (await api.get(`${R()}/versions/2`)).body.document.defaultRule.slots as string;
    expect(slots.split(",").reduce((n, run) => n + Number(run.split(":")[1]), 0)).toBe(10_000);
  });
});

describe("Qwak: an audience with a fallback, then undeploy with redistribution", () => {
  const qwak = demo("qwak-audiences");
  const R = () => `${P}/routers/qwak-audiences`;
  const person = (age: number, location = "new-york") => ({ method: "POST", path: "/predict", body: { metadata: { location, age } } });

  beforeAll(async () => {
    await create(qwak.history[0]!);
    await deploy("qwak-audiences", qwak.messages[0]!);
  });

  it("new-york aged 25 gets the audience's rule; aged 40 (or elsewhere) the fallback", async () => {
    const young = await api.post(`${R()}/simulate`, { request: person(25), version: "active" });
    expect(young.body.decision.rule).toBe("new-york-users");
    expect(["new-york", "new-york-challenger"]).toContain(young.body.decision.route);
    const older = await api.post(`${R()}/simulate`, { request: person(40), version: "active" });
    expect(older.body.decision).toMatchObject({ rule: "default", route: "default" });
    const elsewhere = await api.post(`${R()}/simulate`, { request: person(25, "boston"), version: "active" });
    expect(elsewhere.body.decision).toMatchObject({ rule: "default", route: "default" });

    const batch = await simulateMany("qwak-audiences", Array.from({ length: 10_000 }, () => person(25)));
    const challenger = countOf(batch.distribution.routes, "new-york-challenger");
    expect(challenger).toBeGreaterThan(1800);
    expect(challenger).toBeLessThan(2200);
    // The audience became a project audience, used by this router's rule.
    expect((await api.get(`${P}/audiences/new-york`)).body.usedBy).toEqual([{ router: "qwak-audiences", rule: "new-york-users" }]);
  });

  it("undeploy: the dry run shows before/after and the sticky share moved, then applies, then deploys", async () => {
    // Make the audience's split sticky so that moving keys has a cost to show.
    const rule = (await api.get(`${R()}/rules/new-york-users`)).body;
    const { position: _p, ...body } = rule;
    expect((await api.put(`${R()}/rules/new-york-users`, { ...body, strategy: "sticky" })).status).toBe(200);
    const rev = await etagOf(`${R()}/config`);

    const dry = await api.post(`${R()}/routes/new-york-challenger/undeploy`, { mode: "proportional", dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      route: "new-york-challenger",
      rules: [
        {
          rule: "new-york-users",
          strategy: "sticky",
          before: [
            { route: "new-york", weight: 80 },
            { route: "new-york-challenger", weight: 20 },
          ],
          after: [{ route: "new-york", weight: 100 }],
          replaced: false,
        },
      ],
    });
    expect(dry.body.rules[0].stickyMoved).toBeCloseTo(0.2, 5);
    expect(dry.headers.get("etag")).toBeNull();
    // Nothing changed.
    expect(await etagOf(`${R()}/config`)).toBe(rev);
    expect((await api.get(`${R()}/routes`)).body.items.map((r: { name: string }) => r.name)).toContain("new-york-challenger");

    // A route that is a rule's only route needs a replacement.
    expectProblem(await api.post(`${R()}/routes/default/undeploy`, { mode: "even", dryRun: true }), 422, "replacement");
    expectProblem(await api.post(`${R()}/routes/nope/undeploy`, { mode: "even", dryRun: true }), 404);
    expectProblem(await api.post(`${R()}/routes/new-york-challenger/undeploy`, { mode: "proportional" }, { ifMatch: rev - 1 }), 412);

    const applied = await api.post(`${R()}/routes/new-york-challenger/undeploy`, { mode: "proportional" }, { ifMatch: rev });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body).toMatchObject({ dryRun: false, revision: rev + 1, rules: [{ rule: "new-york-users", after: [{ route: "new-york", weight: 100 }] }] });
    expect(applied.headers.get("etag")).toBe(`"${rev + 1}"`);
    const config = (await api.get(`${R()}/config`)).body;
    expect(config.routes.map((r: { name: string }) => r.name)).toEqual(["default", "new-york"]);
    expect(config.rules[0].split).toEqual([{ route: "new-york", weight: 100 }]);

    expect(await deploy("qwak-audiences", "retire the challenger")).toBe(2);
    const batch = await simulateMany("qwak-audiences", Array.from({ length: 200 }, () => person(25)));
    expect(batch.distribution.routes).toEqual([{ route: "new-york", count: 200, share: 1 }]);
  });
});

describe("Turing: overlapping rules", () => {
  const turing = demo("turing-overlap").draft!;
  const R = () => `${P}/routers/turing-pair`;

  it("the documented example: overlaps with witnesses, rule-3 and rule-4 unreachable", async () => {
    await create(turing);
    const res = await api.get(`${P}/routers/turing-overlap/analysis`);
    expect(res.status).toBe(200);
    const findings = res.body.findings as { severity: string; code: string; rules?: string[]; witness?: unknown }[];
    const overlaps = findings.filter((f) => f.code === "overlap");
    expect(overlaps.map((f) => f.rules)).toEqual(expect.arrayContaining([["rule-1", "rule-2"]]));
    expect(overlaps.every((f) => f.severity === "warning" && f.witness)).toBe(true);
    expect(findings.filter((f) => f.code === "unreachable_rule").map((f) => f.rules![0])).toEqual(["rule-3", "rule-4"]);
    expect(res.body.errors).toBe(2);
    expectProblem(await api.post(`${P}/routers/turing-overlap/deployments`, { message: "no" }), 422);
  });

  it("strict mode turns the overlap into an error and the deploy into a 422 with the findings", async () => {
    await create({
      ...turing,
      name: "turing-pair",
      routes: turing.routes!.filter((r) => r.name !== "model-sg"),
      rules: turing.rules!.slice(0, 2),
    });
    const lax = await api.get(`${R()}/analysis`);
    expect(lax.body).toMatchObject({ errors: 0, warnings: 1 });
    const [overlap] = lax.body.findings;
    expect(overlap).toMatchObject({ severity: "warning", code: "overlap", rules: ["rule-1", "rule-2"], witness: { body: { country_code: "ID", geo_area: "1" } } });

    // The witness really matches both: rule-1 takes it, and rule-2 once it comes first.
    const first = await api.post(`${R()}/simulate`, { request: overlap.witness });
    expect(first.body.decision.rule).toBe("rule-1");
    expect((await api.put(`${R()}/rules/order`, { order: ["rule-2", "rule-1"] })).status).toBe(200);
    expect((await api.post(`${R()}/simulate`, { request: overlap.witness })).body.decision.rule).toBe("rule-2");
    expect((await api.put(`${R()}/rules/order`, { order: ["rule-1", "rule-2"] })).status).toBe(200);
    expect(await deploy("turing-pair", "overlaps are only warnings")).toBe(1);

    expect((await api.patch(R(), { settings: { strict: true } })).status).toBe(200);
    const strict = await api.get(`${R()}/analysis`);
    expect(strict.body).toMatchObject({ errors: 1, warnings: 0 });
    expect(strict.body.findings[0]).toMatchObject({ severity: "error", code: "overlap", rules: ["rule-1", "rule-2"], witness: overlap.witness });

    const refused = await api.post(`${R()}/deployments`, { message: "strict" });
    expectProblem(refused, 422);
    expect(refused.body.code).toBe("analysis_errors");
    expect(refused.body.findings).toEqual([expect.objectContaining({ severity: "error", code: "overlap", rules: ["rule-1", "rule-2"], witness: overlap.witness })]);
    expect((await api.get(`${R()}/versions`)).body.items.map((v: { number: number }) => v.number)).toEqual([1]);

    // The orthogonal Turing example deploys in strict mode.
    const geo = demo("turing-geo");
    await create(geo.history[0]!);
    expect((await api.get(`${P}/routers/turing-geo/analysis`)).body).toMatchObject({ errors: 0, warnings: 0 });
    expect(await deploy("turing-geo", geo.messages[0]!)).toBe(1);
  });
});
