import { db } from "@/lib/db/client";
import { acmeJobView, getAcmeJob } from "@/lib/store/acme-jobs";
import { clusterJobRoute } from "@/app/api/_lib/job-route";

export const dynamic = "force-dynamic";

/** One ACME job with its steps. */
export const GET = clusterJobRoute("ACME job", (number) => getAcmeJob(db, number), acmeJobView);
