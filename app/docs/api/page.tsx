import type { Metadata } from "next";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

/** /docs/api: the REST API's reference and "try it" console, from the OpenAPI document. */
export default function ApiReferencePage() {
  return (
    <div className="-mx-4 md:-mx-8">
      <ApiReference />
    </div>
  );
}
