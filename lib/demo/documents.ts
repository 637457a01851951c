import type { RouterDocumentInput } from "@/lib/router/document";

/**
 * The demo project, built from the scenarios of the systems our users come from. Each
 * router lists the documents it was deployed with, oldest first (each becomes a version),
 * and optionally a draft edited after the last deploy. Route URLs point at the local model
 * servers `npm run demo` starts (ports 9101–9112).
 */
export type DemoRouter = { history: RouterDocumentInput[]; messages: string[]; draft?: RouterDocumentInput };

export const DEMO_PROJECT = {
  name: "demo",
  displayName: "Demo",
  description: "Routing scenarios from Ray Serve, Dataiku, Qwak and CaraML Turing.",
};

const model = (port: number) => `http://127.0.0.1:${port}`;

// Ray Serve: canary 99/1, then a second canary at 1 %, with shadow traffic at 50 % and 10 %.
const rayRoutes = [
  { name: "default-backend", url: model(9101), timeoutMs: 2000 },
  { name: "new-backend", url: model(9102), timeoutMs: 2000 },
  { name: "new-backend-2", url: model(9103), timeoutMs: 2000 },
];
const rayCanary: DemoRouter = {
  messages: ["Canary: 1 % to new-backend", "Second canary at 1 %, shadow 50 % / 10 %"],
  history: [
    {
      name: "ray-canary",
      description: "Ray Serve canary: set_traffic 99/1, then a second canary and shadow_traffic.",
      settings: { missingKey: "random", seed: "ray-canary" },
      routes: rayRoutes.slice(0, 2),
      rules: [],
      defaultRule: {
        strategy: "random",
        split: [
          { route: "default-backend", weight: 99 },
          { route: "new-backend", weight: 1 },
        ],
        shadows: [],
      },
    },
    {
      name: "ray-canary",
      description: "Ray Serve canary: set_traffic 99/1, then a second canary and shadow_traffic.",
      settings: { missingKey: "random", seed: "ray-canary", keepDisagreements: 20 },
      routes: rayRoutes,
      rules: [],
      defaultRule: {
        strategy: "random",
        split: [
          { route: "default-backend", weight: 98 },
          { route: "new-backend", weight: 1 },
          { route: "new-backend-2", weight: 1 },
        ],
        // The demo models differ in their name, port and (a little) score: compare what matters.
        shadows: [
          { route: "new-backend", percent: 50, compare: { mode: "fields", fields: [{ path: "prediction.label" }, { path: "prediction.score", tolerance: { absolute: 0.01 } }] } },
          { route: "new-backend-2", percent: 10, compare: { mode: "json", ignore: ["model", "port", "prediction.score"] } },
        ],
      },
    },
  ],
};

// Dataiku API deployer: hash-based dispatch on the payload's dispatch key, three generations.
const dataikuBase = {
  name: "dataiku-sticky",
  description: "Dataiku hash-based routing: the same dispatchKey always reaches the same generation.",
  settings: {
    keySources: [{ source: "payload" as const, key: "dispatch.dispatchKey" }],
    missingKey: "reject" as const,
    seed: "dataiku-sticky",
  },
  routes: [
    { name: "generation-1", url: model(9104), timeoutMs: 2000 },
    { name: "generation-2", url: model(9105), timeoutMs: 2000 },
    { name: "generation-3", url: model(9106), timeoutMs: 2000 },
  ],
  rules: [],
};
const dataikuSticky: DemoRouter = {
  messages: ["Generation 1", "Generation 2 takes 20 % of dispatch keys", "Generation 3 takes 20 %"],
  history: [
    {
      ...dataikuBase,
      routes: dataikuBase.routes.slice(0, 1),
      defaultRule: { strategy: "sticky", split: [{ route: "generation-1", weight: 100 }], shadows: [] },
    },
    {
      ...dataikuBase,
      routes: dataikuBase.routes.slice(0, 2),
      defaultRule: {
        strategy: "sticky",
        split: [
          { route: "generation-1", weight: 80 },
          { route: "generation-2", weight: 20 },
        ],
        shadows: [],
      },
    },
    {
      ...dataikuBase,
      defaultRule: {
        strategy: "sticky",
        split: [
          { route: "generation-1", weight: 60 },
          { route: "generation-2", weight: 20 },
          { route: "generation-3", weight: 20 },
        ],
        shadows: [],
      },
    },
  ],
};

// Qwak: the new-york audience (location exact match AND age 10–30) with a fallback variation.
const newYork = {
  name: "new-york",
  description: "Users in New York aged 10 to 30",
  conditions: [
    { source: "payload" as const, key: "metadata.location", operator: "in" as const, values: ["new-york"] },
    { source: "payload" as const, key: "metadata.age", operator: "range" as const, values: [10, 30] },
  ],
};
const qwakAudiences: DemoRouter = {
  messages: ["new-york audience on its own variation, fallback to default"],
  history: [
    {
      name: "qwak-audiences",
      description: "Qwak audience routing: new-york variations, fallback variation for everyone else.",
      settings: { missingKey: "random", seed: "qwak-audiences" },
      routes: [
        { name: "default", url: model(9107), timeoutMs: 2000 },
        { name: "new-york", url: model(9108), timeoutMs: 2000 },
        { name: "new-york-challenger", url: model(9109), timeoutMs: 2000 },
      ],
      audiences: [newYork],
      rules: [
        {
          name: "new-york-users",
          audience: "new-york",
          conditions: [],
          strategy: "random",
          split: [
            { route: "new-york", weight: 80 },
            { route: "new-york-challenger", weight: 20 },
          ],
          shadows: [],
        },
      ],
      defaultRule: { strategy: "random", split: [{ route: "default", weight: 100 }], shadows: [] },
    },
  ],
};

// CaraML Turing: rules on country_code / geo_area. The orthogonal pair is deployed in strict
// mode; the overlapping example of Turing's documentation is kept as a draft to show the
// analysis (rule 2 overlaps rule 1 and hides rules 3 and 4).
const turingRoutes = [
  { name: "model-id", url: model(9110), timeoutMs: 2000 },
  { name: "model-sg", url: model(9111), timeoutMs: 2000 },
  { name: "model-global", url: model(9112), timeoutMs: 2000 },
];
const geo = (name: string, countries: string[], areas: string[], route: string) => ({
  name,
  conditions: [
    { source: "payload" as const, key: "country_code", operator: "in" as const, values: countries },
    { source: "payload" as const, key: "geo_area", operator: "in" as const, values: areas },
  ],
  strategy: "random" as const,
  split: [{ route, weight: 100 }],
  shadows: [],
});
const turingGeo: DemoRouter = {
  messages: ["Orthogonal country rules"],
  history: [
    {
      name: "turing-geo",
      description: "Turing traffic rules: country_code and geo_area, orthogonal (strict mode).",
      settings: { strict: true, missingKey: "random", seed: "turing-geo" },
      routes: turingRoutes,
      rules: [geo("id-area-1", ["ID"], ["1"], "model-id"), geo("sg-area-1", ["SG"], ["1"], "model-sg")],
      defaultRule: { strategy: "random", split: [{ route: "model-global", weight: 100 }], shadows: [] },
    },
  ],
};
const turingOverlap: DemoRouter = {
  messages: [],
  history: [],
  draft: {
    name: "turing-overlap",
    description: "Turing's documented overlapping rules: rule-2 overlaps rule-1 and covers rule-3 and rule-4.",
    settings: { strict: false, missingKey: "random", seed: "turing-overlap" },
    routes: turingRoutes,
    rules: [
      geo("rule-1", ["ID"], ["1"], "model-id"),
      geo("rule-2", ["ID", "SG"], ["1", "2", "3"], "model-global"),
      geo("rule-3", ["SG"], ["1"], "model-sg"),
      geo("rule-4", ["ID"], ["2"], "model-id"),
    ],
    defaultRule: { strategy: "random", split: [{ route: "model-global", weight: 100 }], shadows: [] },
  },
};

export const DEMO_ROUTERS: DemoRouter[] = [rayCanary, dataikuSticky, qwakAudiences, turingGeo, turingOverlap];
