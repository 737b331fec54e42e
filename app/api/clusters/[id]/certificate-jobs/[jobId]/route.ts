import { db } from "@/lib/db/client";
import { getCertificateJob } from "@/lib/store/certificate-jobs";
import { clusterJobRoute } from "@/app/api/_lib/job-route";

export const dynamic = "force-dynamic";

/** One distribution job with its steps per node. */
export const GET = clusterJobRoute("certificate job", (number) => getCertificateJob(db, number));
