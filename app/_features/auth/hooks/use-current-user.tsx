"use client";

import { createContext, useContext, type ReactNode } from "react";
import { can, type Capability, type Role } from "@/lib/auth/roles";

export interface CurrentUser {
  username: string;
  role: Role;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

/** Set once by the root layout from the server-side session; the server still checks every request. */
export function CurrentUserProvider({ user, children }: { user: CurrentUser | null; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUser | null {
  return useContext(CurrentUserContext);
}

/** Whether to offer a control at all: hiding is for clarity, the API refuses regardless. */
export function useCan(capability: Capability): boolean {
  const user = useCurrentUser();
  return user !== null && can(user.role, capability);
}
