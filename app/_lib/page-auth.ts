/**
 * Server-side checks for pages (the API checks its own routes): every page calls requirePageUser
 * before rendering anything. No session → sign-in (or first-run setup while no user exists); a role
 * below the page's capability → not found, so the page does not even confirm it exists.
 */
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { can, type Capability } from "@/lib/auth/roles";
import { resolveSession, SESSION_COOKIE, type SessionUser } from "@/lib/auth/session";
import { countUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export async function currentUser(): Promise<SessionUser | null> {
  return resolveSession(db, (await cookies()).get(SESSION_COOKIE)?.value);
}

export async function requirePageUser(capability: Capability = "read"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    if ((await countUsers(db)) === 0) redirect("/setup");
    const path = (await headers()).get("x-hapair-path") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (!can(user.role, capability)) notFound();
  return user;
}

/** A cluster page's user (with at least `capability`) and the cluster id from its route. */
export async function requireClusterPageUser(
  params: Promise<{ id: string }>,
  capability: Capability = "read",
): Promise<{ user: SessionUser; id: string }> {
  const user = await requirePageUser(capability);
  return { user, id: (await params).id };
}
