/** How the console names a rule in sentences: the default rule is not called "default". */
export const ruleLabel = (rule: string) => (rule === "default" ? "default rule" : rule);
