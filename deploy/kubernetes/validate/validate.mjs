// Reads rendered manifests (multi-document YAML) on stdin and validates each object against the
// Kubernetes schema of its apiVersion and kind, offline (the schemas ship in kubernetes-models).
// Prints one line per object and exits 1 if any object is invalid or of a kind it cannot check.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const input = readFileSync(0, "utf8");
let failed = 0;
let checked = 0;
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    console.log(`INVALID yaml: ${document.errors.map((e) => e.message).join("; ")}`);
    failed++;
    continue;
  }

  const object = document.toJS();
  if (object === null || object === undefined) {
    continue;
  }

  const { apiVersion, kind } = object;
  if (kind === "Secret") {
    // Kustomize folds long base64 over lines; the API server's decoder skips the line breaks,
    // the schema's "byte" format does not.
    for (const field of ["data"]) {
      for (const key of Object.keys(object[field] ?? {})) {
        object[field][key] = String(object[field][key]).replace(/\s+/g, "");
      }
    }
  }

  const name = `${kind}/${object.metadata?.name ?? "?"}`;
  // "v1" lives at the root of kubernetes-models, "apps/v1" under "apps/v1".
  const module = `kubernetes-models/${apiVersion}/${kind}`;
  let Model;
  try {
    Model = (await import(module))[kind];
  } catch {
    console.log(`UNKNOWN ${name}: no schema for ${apiVersion} ${kind}`);
    failed++;
    continue;
  }

  try {
    new Model(object).validate();
    console.log(`valid ${apiVersion} ${name}`);
    checked++;
  } catch (error) {
    console.log(`INVALID ${apiVersion} ${name}: ${error.message}`);
    failed++;
  }
}

console.log(`${checked} valid, ${failed} invalid`);
if (process.argv.includes("--json")) {
  // For tests that check what the manifests say, not only that they are well-formed.
  console.log("JSON " + JSON.stringify(parseAllDocuments(input).map((d) => d.toJS()).filter((o) => o)));
}
process.exit(failed === 0 && checked > 0 ? 0 : 1);
