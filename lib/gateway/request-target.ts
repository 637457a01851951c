/**
 * Splitting a gateway URL `/{project}/{router}/{path...}?{query}` by hand: `new URL` per
 * request costs more than the rest of the routing decision.
 */

export interface RequestTarget {
  readonly project: string;
  readonly router: string;
  /** The path after the router, starting with "/" or empty. */
  readonly rest: string;
  /** The query string including its "?", or empty. */
  readonly search: string;
}

const SLASH = 47;
const QUESTION = 63;

/** null when the URL does not name both a project and a router. */
export function parseRequestTarget(url: string): RequestTarget | null {
  if (url.charCodeAt(0) !== SLASH) return null;
  const length = url.length;
  let i = 1;
  while (i < length) {
    const c = url.charCodeAt(i);
    if (c === SLASH || c === QUESTION) break;
    i++;
  }
  if (i === 1 || i >= length || url.charCodeAt(i) !== SLASH) return null;
  const project = url.slice(1, i);
  const routerStart = i + 1;
  let j = routerStart;
  while (j < length) {
    const c = url.charCodeAt(j);
    if (c === SLASH || c === QUESTION) break;
    j++;
  }
  if (j === routerStart) return null;
  const router = url.slice(routerStart, j);
  const q = url.indexOf("?", j);
  const rest = q === -1 ? url.slice(j) : url.slice(j, q);
  const search = q === -1 ? "" : url.slice(q);
  return { project, router, rest, search };
}

/** The path of the request URL without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The upstream path: the route URL's own path, then the rest of the gateway path, then the
 * route URL's query followed by the request's.
 */
export function upstreamPath(basePath: string, baseQuery: string, rest: string, search: string): string {
  const path = basePath.length === 0 && rest.length === 0 ? "/" : basePath + rest;
  if (search.length <= 1) return baseQuery.length === 0 ? path : path + baseQuery;
  if (baseQuery.length === 0) return path + search;
  return `${path}${baseQuery}&${search.slice(1)}`;
}
