import { HttpError } from "./handler";
import { ifMatchRevision } from "./etag";

/** The revision an `If-Match` names; optional unless `required` (then 428 without it). */
export function expectedRevision(req: Request, required = false): number | undefined {
  const rev = ifMatchRevision(req.headers);
  if (rev === null) throw new HttpError(400, "invalid_if_match", 'If-Match must be the ETag you received, e.g. "3"');
  if (rev === undefined && required) throw new HttpError(428, "if_match_required", 'send If-Match with the ETag you last read (e.g. If-Match: "3") so concurrent edits are not lost');
  return rev;
}
