import { PageSkeleton } from "@/components/common/page-skeleton";

export default function RouterLoading() {
  return <PageSkeleton label="Loading router…" blocks={3} />;
}
