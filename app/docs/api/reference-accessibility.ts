/**
 * The embedded API reference (Scalar) renders a few controls with ARIA that screen readers
 * misread and that Scalar has no option for. This corrects them in place, and again whenever
 * Scalar re-renders them (it sets its attributes again on each update):
 *
 * - sidebar entries are buttons and links marked `aria-selected`, which only options, tabs and
 *   grid cells may carry: the selected entry gets `aria-current="true"` instead;
 * - the sidebar's search button has `role="search"` (a landmark), which hides its label
 *   "Open Search": it goes back to being a button;
 * - code blocks' copy buttons hold only an icon: they get the name "Copy code";
 * - the authentication panel's code-editor fields have no name: they take their label's text,
 *   else their placeholder.
 */
export function repairReferenceAccessibility(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>("button[aria-selected], a[aria-selected]")) {
    const selected = el.getAttribute("aria-selected") === "true";
    el.removeAttribute("aria-selected");
    if (selected) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  }
  for (const el of root.querySelectorAll<HTMLElement>('button[role="search"]')) el.removeAttribute("role");
  for (const el of root.querySelectorAll<HTMLElement>("button.scalar-code-copy:not([aria-label])")) el.setAttribute("aria-label", "Copy code");
  for (const el of root.querySelectorAll<HTMLElement>('[role="textbox"][contenteditable]:not([aria-label]):not([aria-labelledby])')) {
    const name = labelNear(el) ?? el.getAttribute("aria-placeholder");
    if (name) el.setAttribute("aria-label", name);
  }
}

/** The text of the closest `<label>` among the field's nearest ancestors, if any. */
function labelNear(el: HTMLElement): string | null {
  let node: HTMLElement | null = el.parentElement;
  for (let depth = 0; node && depth < 6; depth++, node = node.parentElement) {
    const text = node.querySelector("label")?.textContent?.trim();
    if (text) return text;
  }
  return null;
}

const WATCHED = ["aria-selected", "role", "aria-label", "contenteditable"];

/** Repairs now and after every change Scalar makes under `root`; returns the stop function. */
export function watchReferenceAccessibility(root: HTMLElement): () => void {
  repairReferenceAccessibility(root);
  // One call per batch of Scalar's changes; the repair's own changes lead to one more call that finds nothing to do.
  const observer = new MutationObserver(() => repairReferenceAccessibility(root));
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: WATCHED });
  return () => observer.disconnect();
}
