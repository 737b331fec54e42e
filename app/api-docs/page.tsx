/**
 * The API reference, rendered on the server from the same OpenAPI document `GET /api/openapi.json`
 * serves: nothing loaded from elsewhere, no client script.
 */
import { openApiDocument } from "@/app/api/_lib/openapi";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

interface Parameter {
  name: string;
  in: string;
  description?: string;
}
interface OperationDoc {
  operationId: string;
  summary: string;
  description: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
}

export default async function ApiDocsPage() {
  await requirePageUser("read");
  const document = openApiDocument() as { paths: Record<string, Record<string, OperationDoc>> };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <PageSection
      title="API"
      intro={
        <>
          Every route of hapair&apos;s HTTP API; the machine-readable document is{" "}
          <a className="underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          (OpenAPI 3.1). Refusals answer <code>{"{ issues, warnings }"}</code> with field paths.
        </>
      }
    >
      {operations.map(({ path, method, op }) => (
        <article key={op.operationId} id={op.operationId} className="rounded border border-slate-200 p-3">
          <h2 className="font-mono text-sm font-semibold">
            {method} {path}
          </h2>
          <p className="text-sm">{op.summary}</p>
          <p className="text-xs text-slate-500">{op.description}</p>
          {op.parameters?.some((p) => p.in === "query") ? (
            <ul className="mt-1 text-xs">
              {op.parameters
                .filter((p) => p.in === "query")
                .map((p) => (
                  <li key={p.name}>
                    <code>?{p.name}</code>: {p.description}
                  </li>
                ))}
            </ul>
          ) : null}
          {op.requestBody ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-xs">request body (JSON Schema)</summary>
              <pre className="overflow-x-auto bg-slate-50 p-2 text-xs">
                {JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)}
              </pre>
            </details>
          ) : null}
        </article>
      ))}
    </PageSection>
  );
}
