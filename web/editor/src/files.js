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
  readPaths(chosen.map((file) => [file.webkitRelativePath || file.name, file]), done);
}

// Reads what was dropped: files, and folders with everything in them.
function readDropped(transfer, done) {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry && item.webkitGetAsEntry())
    .filter(Boolean);
  if (!entries.length) return read(transfer.files, done);
  Promise.all(entries.map(walk))
    .then((lists) => readPaths(lists.flat(), done))
    .catch(() => done(JSON.stringify({ files: [], skipped: entries.length })));
}

// A dropped entry's files as [path, File], its folders walked (a folder's reader gives its
// entries in batches, until an empty one).
function walk(entry) {
  if (entry.isFile) {
    return new Promise((resolve, reject) => entry.file((file) => resolve([[entry.fullPath.slice(1), file]]), reject));
  }
  const reader = entry.createReader();
  const batches = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(Promise.all(batches.flat().map(walk)).then((lists) => lists.flat()));
        batches.push(batch);
        next();
      }, reject);
    next();
  });
}

// Reads [path, File] pairs; a path under one folder that all share loses that folder's name.
function readPaths(pairs, done) {
  const paths = pairs.map(([path]) => path);
  const prefix = paths.length && paths.every((path) => path.includes("/") && path.startsWith(paths[0].split("/")[0] + "/"))
    ? paths[0].slice(0, paths[0].indexOf("/") + 1)
    : "";
  const wanted = [];
  let skipped = 0;
  pairs.forEach(([written, file]) => {
    const path = written.slice(prefix.length);
    if (file.size > MAX_FILE_BYTES || SKIPPED_FOLDERS.test(path) || wanted.length >= MAX_FILES) {
      skipped += 1;
    } else {
      wanted.push([path, file]);
    }
  });
  Promise.all(wanted.map(([path, file]) => file.text().then((text) => [path, text])))
    .then((files) => done(JSON.stringify({ files, skipped })))
    .catch(() => done(JSON.stringify({ files: [], skipped: pairs.length })));
}

window.plumbFiles = { read, readDropped };
