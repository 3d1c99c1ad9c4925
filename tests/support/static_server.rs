//! A static file server on a free loopback port: the web app's `dist/` folder for the
//! browser tests, downloads and a Git repository (dumb HTTP) for the lock tests.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Serves one folder over HTTP/1.1 on a free loopback port, one thread per connection.
#[derive(Debug)]
pub struct StaticServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    accept_loop: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root: Arc<Path> = root.into().into();
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let address = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let accept_loop = {
            let stop = Arc::clone(&stop);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let root = Arc::clone(&root);
                    // Browsers open idle connections in advance; one thread each keeps them
                    // from holding up the requests that matter.
                    thread::spawn(move || {
                        let _ = serve(&root, stream);
                    });
                }
            })
        };
        Ok(Self {
            address,
            stop,
            accept_loop: Some(accept_loop),
        })
    }

    /// The URL of the served folder's root, ending in `/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks: a connection of our own wakes it up to see the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(accept_loop) = self.accept_loop.take() {
            let _ = accept_loop.join();
        }
    }
}

/// Answers one request and closes the connection.
fn serve(root: &Path, mut stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // The headers do not matter here, but must be read before answering.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }

    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let file = resolve(root, target).and_then(|path| Some((fs::read(&path).ok()?, path)));
    let (status, content_type, body) = match (method, file) {
        ("GET" | "HEAD", Some((body, path))) => ("200 OK", content_type(&path), body),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Both)
}

/// The file a request target names inside `root`; never anything outside it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.strip_prefix('/')?;
    let relative = Path::new(path);
    if !relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if path.is_empty() || path.ends_with('/') {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|extension| extension.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        // Browsers only compile a streamed module served with exactly this type.
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_serves_files_of_its_folder_only() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("index.html"), "<p>hi</p>").unwrap();
        fs::write(root.path().join("app_bg.wasm"), b"\0asm").unwrap();
        let server = StaticServer::start(root.path()).unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .into();
        let get = |path: &str| {
            let mut response = agent.get(format!("{}{path}", server.url())).call().unwrap();
            let content_type = response
                .headers()
                .get("content-type")
                .map(|value| value.to_str().unwrap().to_owned());
            (
                response.status().as_u16(),
                content_type,
                response.body_mut().read_to_vec().unwrap(),
            )
        };

        let (status, content_type, body) = get("?reload=1");
        assert_eq!(
            (status, content_type.as_deref(), body.as_slice()),
            (200, Some("text/html; charset=utf-8"), &b"<p>hi</p>"[..])
        );
        let (status, content_type, body) = get("app_bg.wasm");
        assert_eq!(
            (status, content_type.as_deref(), body.as_slice()),
            (200, Some("application/wasm"), &b"\0asm"[..])
        );
        assert_eq!(get("missing.js").0, 404);
        assert!(resolve(root.path(), "/../etc/passwd").is_none());
        assert!(resolve(root.path(), "/./index.html").is_none());
    }
}
