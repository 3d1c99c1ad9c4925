// Reads files the user opens (a picker, a folder picker or a drop) for the Rust app: each
// file's path in the chosen folder (without the folder's own name) and its text.

// Larger files are skipped, and a folder stops being read after this many files: a folder
// with node_modules in it must not freeze the page.
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 2000;
const SKIPPED_FOLDERS = /(^|\/)(node_modules|\.git)\//;

// `done(json)` gets `{files: [[path, text], …], skipped: n}`.
function read(fileList, done) {
  const chosen = Array.from(fileList);
  const paths = chosen.map((file) => file.webkitRelativePath || file.name);
  // A folder picker names every file under the folder: drop that first part.
  const prefix = paths.length && paths.every((path) => path.includes("/"))
    ? paths[0].slice(0, paths[0].indexOf("/") + 1)
    : "";
  const wanted = [];
  let skipped = 0;
  chosen.forEach((file, index) => {
    const path = paths[index].startsWith(prefix) ? paths[index].slice(prefix.length) : paths[index];
    if (file.size > MAX_FILE_BYTES || SKIPPED_FOLDERS.test(path) || wanted.length >= MAX_FILES) {
      skipped += 1;
    } else {
      wanted.push([path, file]);
    }
  });
  Promise.all(wanted.map(([path, file]) => file.text().then((text) => [path, text])))
    .then((files) => done(JSON.stringify({ files, skipped })))
    .catch(() => done(JSON.stringify({ files: [], skipped: chosen.length })));
}

window.plumbFiles = { read };
