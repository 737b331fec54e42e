/** A fake certificate node for unit tests: every call refused unless the test gives it. */
import type { CertificateNode } from "../node";

export function fakeCertificateNode(
  name: string,
  given: Partial<Omit<CertificateNode, "name">>,
): CertificateNode {
  const no = () => Promise.reject(new Error("not in this test"));
  return {
    name,
    stat: no,
    copy: no,
    write: no,
    chown: no,
    remove: no,
    listBackups: no,
    listFolder: no,
    readFile: no,
    runtime: no,
    ...given,
  };
}
