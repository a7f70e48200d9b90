import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { envSchema, loadConfig } from "../src/platform/config/config";
import { projectPath } from "../src/platform/paths";

/**
 * `npm run deploy:check`: validates deploy/kubernetes/ offline. Every object against the Kubernetes OpenAPI schemas
 * (kubernetes-models: the schemas ship in the package, no cluster or network needed), then what a schema cannot
 * see: kustomization.yaml lists every manifest, the Service and the PodDisruptionBudget select the Deployment's
 * pods, the container has the readiness and liveness probes and resource requests, and the ConfigMap with the
 * example Secret is a configuration the gateway accepts (unknown variable names included).
 */
const DIR = projectPath("deploy/kubernetes");

type K8sObject = { apiVersion: string; kind: string; metadata?: { name?: string }; [key: string]: unknown };

async function main(): Promise<void> {
  const problems: string[] = [];
  const objects: { file: string; object: K8sObject }[] = [];
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(path.join(DIR, file), "utf8"))) {
      if (doc.errors.length > 0) problems.push(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      const object = doc.toJS() as K8sObject | null;
      if (object) objects.push({ file, object });
    }
  }
  for (const { file, object } of objects) {
    if (object.kind === "Kustomization") continue;
    try {
      const Model = await modelOf(object);
      new Model(object).validate();
    } catch (error) {
      problems.push(`${file} (${object.kind} ${object.metadata?.name ?? "?"}): ${(error as Error).message}`);
    }
  }
  problems.push(...semanticProblems(objects));
  if (problems.length > 0) {
    process.stderr.write(`deploy/kubernetes: ${problems.length} problem(s)\n  ${problems.join("\n  ")}\n`);
    process.exit(1);
  }
  process.stdout.write(`deploy/kubernetes: ${objects.length} objects in ${files.length} files valid\n`);
}

/** The kubernetes-models class for an object's apiVersion and kind (apps/v1 Deployment: kubernetes-models/apps/v1/Deployment). */
async function modelOf(object: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<string, unknown>;
  const Model = module[object.kind] ?? (module.default as Record<string, unknown> | undefined)?.[object.kind];
  if (typeof Model !== "function") throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return Model as new (data: unknown) => { validate(): void };
}

function semanticProblems(objects: { file: string; object: K8sObject }[]): string[] {
  const problems: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form manifests, read by path; the schemas checked their types
  const find = (kind: string) => objects.find((o) => o.object.kind === kind)?.object as Record<string, any> | undefined;
  const kustomization = find("Kustomization");
  const listed = new Set<string>((kustomization?.resources as string[] | undefined) ?? []);
  for (const file of new Set(objects.map((o) => o.file))) {
    if (file === "kustomization.yaml" || file.endsWith(".example.yaml")) continue;
    if (!listed.has(file)) problems.push(`kustomization.yaml does not list ${file}`);
  }
  for (const file of listed)
    if (!existsSync(path.join(DIR, file))) problems.push(`kustomization.yaml lists ${file}, which is missing`);

  const deployment = find("Deployment");
  const podLabels = (deployment?.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  const selects = (selector: Record<string, string> | undefined) =>
    selector !== undefined && Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  if (!selects(deployment?.spec?.selector?.matchLabels))
    problems.push("the Deployment's selector does not match its pods");
  if (!selects(find("Service")?.spec?.selector)) problems.push("the Service does not select the Deployment's pods");
  if (!selects(find("PodDisruptionBudget")?.spec?.selector?.matchLabels))
    problems.push("the PodDisruptionBudget does not select the Deployment's pods");
  const container = deployment?.spec?.template?.spec?.containers?.[0];
  if (container?.readinessProbe?.httpGet?.path !== "/readyz")
    problems.push("the container needs a readiness probe on /readyz");
  if (container?.livenessProbe?.httpGet?.path !== "/healthz")
    problems.push("the container needs a liveness probe on /healthz");
  if (!container?.resources?.requests?.cpu || !container?.resources?.requests?.memory)
    problems.push("the container needs CPU and memory requests");
  const hpa = find("HorizontalPodAutoscaler");
  const pdb = find("PodDisruptionBudget");
  if (hpa && pdb && Number(hpa.spec?.minReplicas) <= Number(pdb.spec?.maxUnavailable ?? 0))
    problems.push("minReplicas must exceed the PodDisruptionBudget's maxUnavailable");

  const env = {
    ...((find("ConfigMap")?.data ?? {}) as Record<string, string>),
    ...((find("Secret")?.stringData ?? {}) as Record<string, string>),
  };
  const known = new Set(Object.keys(envSchema.shape));
  for (const name of Object.keys(env))
    if (!known.has(name)) problems.push(`ConfigMap/Secret: ${name} is not a setting of the gateway`);
  try {
    const config = loadConfig(env);
    if (config.neo4j.kind !== "remote" || !/^neo4j(\+s|\+ssc)?:\/\//.test(config.neo4j.uri))
      problems.push("NEO4J_URI must be a routing URI (neo4j:// or neo4j+s://) so reads go to secondaries");
  } catch (error) {
    problems.push(`ConfigMap + Secret are not a valid configuration: ${(error as Error).message}`);
  }
  return problems;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
