/** A page's body: its title, an optional line or two saying what the page is for, then the content. */
import type { ReactNode } from "react";

export function PageSection({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {intro && <p className="text-sm text-slate-600">{intro}</p>}
      {children}
    </section>
  );
}
