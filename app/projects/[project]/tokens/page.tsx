import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { TokensPanel } from "@/components/tokens/tokens-panel";
import { loadProjectAccess } from "../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Tokens · ${project}` };
}

// No loading.tsx here: the owner check must finish before anything streams, so that a
// viewer or editor gets a real 403.
export default async function ProjectTokensPage({ params }: Props) {
  const { project: name } = await params;
  const { project } = await loadProjectAccess(name, "owner");

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Tokens"
        description={
          <>
            API tokens authenticate automation against this project only. A <strong className="font-medium">read</strong> token
            acts as a viewer, a <strong className="font-medium">write</strong> token as an editor; neither can manage members,
            tokens or the project. Revoking a token takes effect on its next request.
          </>
        }
      />
      <TokensPanel project={project.name} />
    </>
  );
}
