import { describe, expect, it } from "vitest";
import { MISSING, parsePath, resolvePath } from "./paths";

const body = {
  user: { id: "u-1", "0": "zero-key" },
  users: [{ name: "ada" }, { name: "grace" }],
  session: [{ id: 123 }, { id: 456 }],
  empty: null,
};

const at = (key: string, root: unknown = body) => resolvePath(parsePath(key), root);

describe("payload paths", () => {
  it("follows dotted keys", () => {
    expect(at("user.id")).toBe("u-1");
    expect(at("user")).toEqual(body.user);
  });

  it("indexes arrays with a plain number (users.0.name)", () => {
    expect(at("users.0.name")).toBe("ada");
    expect(at("users.1.name")).toBe("grace");
    expect(at("users.2.name")).toBe(MISSING);
  });

  it("indexes arrays with Turing's bracketed form (session.[0].id)", () => {
    expect(at("session.[0].id")).toBe(123);
    expect(at("session.[1].id")).toBe(456);
  });

  it("treats a plain number as a key on an object, a bracketed one never", () => {
    expect(at("user.0")).toBe("zero-key");
    expect(at("user.[0]")).toBe(MISSING);
  });

  it("does not index arrays with names or non-canonical numbers", () => {
    expect(at("users.first")).toBe(MISSING);
    expect(at("users.01.name")).toBe(MISSING);
    expect(at("users.-1")).toBe(MISSING);
    expect(at("users.length")).toBe(MISSING);
  });

  it("reports missing keys, walks through null as missing, ignores the prototype", () => {
    expect(at("user.name")).toBe(MISSING);
    expect(at("empty")).toBe(null);
    expect(at("empty.x")).toBe(MISSING);
    expect(at("user.constructor")).toBe(MISSING);
    expect(at("user.toString")).toBe(MISSING);
  });

  it("finds nothing in a body that is not an object or array", () => {
    expect(at("user.id", "not json")).toBe(MISSING);
    expect(at("x", 42)).toBe(MISSING);
    expect(at("x", undefined)).toBe(MISSING);
    expect(at("0", ["root-array"])).toBe("root-array");
  });

  it("parses once into segments", () => {
    expect(parsePath("session.[0].id")).toEqual([
      { name: "session", index: -1 },
      { name: null, index: 0 },
      { name: "id", index: -1 },
    ]);
    expect(parsePath("users.10")).toEqual([
      { name: "users", index: -1 },
      { name: "10", index: 10 },
    ]);
  });
});
