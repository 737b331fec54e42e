/** The import request, shared by the HTTP API, the import form and the CLI. */
import { z } from "zod";
import { identifier, ipv4 } from "../schema/primitives";
import { keepalivedLimitIssue } from "./keepalived-tokens";

const fileText = z.string().max(1024 * 1024, "at most 1 MiB");
const nodeFile = z.strictObject({
  node: identifier,
  text: fileText.min(1, "paste or upload this node's keepalived.conf"),
});

export const importRequestSchema = z
  .strictObject({
    name: identifier,
    haproxyCfg: fileText.min(1, "paste or upload haproxy.cfg"),
    keepalived: z.tuple([nodeFile, nodeFile]),
    addresses: z.record(identifier, ipv4).optional(),
  })
  .superRefine((request, ctx) => {
    request.keepalived.forEach((file, i) => {
      const limit = keepalivedLimitIssue(file.text);
      if (limit) ctx.addIssue({ code: "custom", path: ["keepalived", i, "text"], message: limit });
    });
    if (request.keepalived[0].node === request.keepalived[1].node)
      ctx.addIssue({
        code: "custom",
        path: ["keepalived", 1, "node"],
        message: "the two nodes need different names",
      });
  });

export type ImportRequest = z.infer<typeof importRequestSchema>;
