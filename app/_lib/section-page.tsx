/**
 * A page that is one PageSection around a feature's component: the viewer must have `capability`
 * (requirePageUser, before anything renders), then the title, the intro if any, and the body.
 */
import type { ReactNode } from "react";
import { PageSection } from "@/app/_components/ui/page-section";
import type { Capability } from "@/lib/auth/roles";
import { requirePageUser } from "./page-auth";

export function sectionPage(page: {
  capability: Capability;
  title: string;
  intro?: ReactNode;
  body: ReactNode;
}) {
  return async function SectionPage() {
    await requirePageUser(page.capability);
    return (
      <PageSection title={page.title} intro={page.intro}>
        {page.body}
      </PageSection>
    );
  };
}
