import { describe, expect, it } from "vitest";
import { auditHref, parseAuditSearch, parseUtc } from "./audit-search";

describe("audit log filters", () => {
  it("reads datetime-local values as UTC, 'to' covering the whole minute or day it names", () => {
    expect(parseUtc("2025-06-01T14:30", false)).toBe("2025-06-01T14:30:00.000Z");
    expect(parseUtc("2025-06-01T14:30", true)).toBe("2025-06-01T14:30:59.999Z");
    expect(parseUtc("2025-06-01", true)).toBe("2025-06-01T23:59:59.999Z");
    expect(parseUtc("  ", false)).toBeUndefined();
    expect(parseUtc("yesterday", false)).toBe("invalid");
    expect(parseUtc("2025-02-30T10:00", false)).toBe("2025-03-02T10:00:00.000Z");
  });

  it("reports unreadable or inverted ranges and keeps only the fields that are set", () => {
    const parsed = parseAuditSearch({ project: " Shop ", actor: ["ann", "bob"], from: "2999-01-01T00:00", to: "2000-01-01T00:00", before: "12" });
    expect(parsed.fields).toMatchObject({ project: "shop", actor: "ann" });
    expect(parsed.filter).toEqual({ project: "shop", actor: "ann", from: "2999-01-01T00:00:00.000Z", to: "2000-01-01T00:00:59.999Z" });
    expect(parsed.before).toBe("12");
    expect(parsed.problems).toEqual(["“From” is after “To”, so no event can match."]);
    expect(parseAuditSearch({ to: "nope" })).toMatchObject({ problems: ["“To” is not a date and time."], invalid: { from: false, to: true }, filter: {} });
    expect(parseAuditSearch({ before: "12; drop" }).before).toBeUndefined();
  });

  it("reads the router filter as an exact, lower-case name", () => {
    const parsed = parseAuditSearch({ router: " Fraud-Scorer " });
    expect(parsed.filter).toEqual({ router: "fraud-scorer" });
    expect(auditHref("/projects/p/audit", parsed.fields)).toBe("/projects/p/audit?router=fraud-scorer");
  });

  it("ignores a cursor past what a BIGINT holds and dates before year 1, which PostgreSQL would refuse", () => {
    expect(parseAuditSearch({ before: "9223372036854775807" }).before).toBe("9223372036854775807");
    expect(parseAuditSearch({ before: "9223372036854775808" }).before).toBeUndefined();
    expect(parseAuditSearch({ before: "9999999999999999999" }).before).toBeUndefined();
    expect(parseUtc("0000-06-01", false)).toBe("invalid");
    expect(parseAuditSearch({ from: "0000-06-01T00:00" })).toMatchObject({ problems: ["“From” is not a date and time."], filter: {} });
    expect(parseUtc("0001-01-01", false)).toBe("0001-01-01T00:00:00.000Z");
  });

  it("links keep the filters that are set", () => {
    const { fields } = parseAuditSearch({ target: "edge", project: "shop" });
    expect(auditHref("/audit", fields, { before: "5" })).toBe("/audit?project=shop&target=edge&before=5");
    expect(auditHref("/audit", parseAuditSearch({}).fields)).toBe("/audit");
  });
});
