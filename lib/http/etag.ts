/** Revisions travel as strong ETags: `"7"`. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/** Reads `If-Match` as a revision; `undefined` when absent, `null` when unparseable. */
export function ifMatchRevision(headers: Headers): number | undefined | null {
  const raw = headers.get("if-match");
  if (raw === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  return m ? Number(m[1]) : null;
}
