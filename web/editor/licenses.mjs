// Writes dist/editor-licenses.txt: the license of every npm package bundled into the editor
// (the packages the lockfile marks as not dev-only), as their licenses ask when copies are
// shipped. The web build serves it beside editor.js.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const sections = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path === "" || entry.dev) continue;
  const file = readdirSync(path).find((name) => /^(licen[cs]e|copying)/i.test(name));
  const text = file ? readFileSync(join(path, file), "utf8").trim() : `License: ${entry.license}`;
  sections.push(`${path.replace(/^node_modules\//, "")} ${entry.version}\n\n${text}\n`);
}
mkdirSync("dist", { recursive: true });
writeFileSync("dist/editor-licenses.txt", sections.join("\n" + "-".repeat(72) + "\n\n"));
