//! What the app keeps in and takes from the browser: the workspace in local storage, a share
//! link's workspace in the page's URL fragment, and a file downloaded from the page.

use crate::workspace_files::WorkspaceFiles;
use wasm_bindgen::JsCast;

/// The local-storage key of the saved workspace.
const STORAGE_KEY: &str = "plumb-workspace";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps the workspace for the next visit (nothing when storage is unavailable or full).
pub fn save(files: &WorkspaceFiles) {
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(files)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

/// The workspace kept by an earlier visit, if it reads back.
pub fn load() -> Option<WorkspaceFiles> {
    let json = local_storage()?.get_item(STORAGE_KEY).ok()??;
    WorkspaceFiles::from_json(json.as_bytes()).ok()
}

/// The workspace the page's URL fragment carries (a share link), if any.
pub fn shared() -> Option<WorkspaceFiles> {
    let hash = web_sys::window()?.location().hash().ok()?;
    WorkspaceFiles::from_share_fragment(hash.strip_prefix('#')?).ok()
}

/// Puts the workspace in the page's URL fragment and returns the whole link.
pub fn share(files: &WorkspaceFiles) -> Option<String> {
    let location = web_sys::window()?.location();
    let fragment = files.share_fragment();
    location.set_hash(&fragment).ok()?;
    let page = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    Some(format!("{page}#{fragment}"))
}

/// Offers `contents` as a download named after the file's path.
/// Puts `text` on the clipboard (the browser asks nothing for a click on the page).
pub fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window to copy from")?;
    // The promise settles later; a refusal leaves the clipboard as it was.
    let _ = window.navigator().clipboard().write_text(text);
    Ok(())
}

pub fn download(path: &str, contents: &[u8], mime_type: &str) -> Result<(), String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let blob = gloo_file::Blob::new_with_options(contents, Some(mime_type));
    let url = gloo_file::ObjectUrl::from(blob);
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document to download from")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot make a download link")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}
