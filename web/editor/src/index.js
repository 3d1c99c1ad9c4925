// The page's JavaScript, bundled into one module: the editor and the reading of opened files.
import "./editor.js";
import "./files.js";
