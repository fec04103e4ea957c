// The licence of every npm package esbuild put into the bundle (from its metafile), as one text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const meta = JSON.parse(readFileSync(process.argv[2], "utf8"));
const folders = new Set();
for (const input of Object.keys(meta.inputs)) {
  const match = input.match(/^(node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  if (match) folders.add(match[1]);
}

const sections = [...folders].sort().map((folder) => {
  const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = readdirSync(folder).find((name) => /^(licen[cs]e|copying)/i.test(name));
  const text = file ? readFileSync(join(folder, file), "utf8").trim() : `License: ${pkg.license}`;
  return `${pkg.name} ${pkg.version} (${pkg.license})\n${"-".repeat(60)}\n${text}\n`;
});

console.log(
  "codemirror.js bundles the following packages from the npm registry, each under the licence\n" +
    "that follows its name.\n\n" +
    sections.join("\n"),
);
