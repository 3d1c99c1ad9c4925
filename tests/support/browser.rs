//! Driving the web app in headless Chromium (its `dist/` folder served by
//! [`StaticServer`]): a WebDriver client just big enough for the browser tests.
//!
//! Everything listens on 127.0.0.1 only, every wait is bounded, and the guards clean up on
//! drop (session, then chromedriver, then the profile directory), also when a test fails.

use base64::Engine as _;
use serde_json::{Value, json};
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub use crate::static_server::StaticServer;

/// What went wrong talking to the browser, as a readable sentence.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Self(error.to_string())
    }
}

impl From<ureq::Error> for Error {
    fn from(error: ureq::Error) -> Self {
        Self(format!("WebDriver request failed: {error}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Calls `probe` until it returns `Some`, for at most `timeout`; says what it waited for if not.
pub fn wait_for<T>(
    timeout: Duration,
    what: &str,
    mut probe: impl FnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(found) = probe()? {
            return Ok(found);
        }
        if Instant::now() >= deadline {
            return Err(Error(format!(
                "timed out after {timeout:?} waiting for {what}"
            )));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// A port nobody listens on right now (the OS picks it; we release it for the child to take).
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

// ---------------------------------------------------------------------------------------------
// WebDriver
// ---------------------------------------------------------------------------------------------

/// The key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where to find the browser and its driver.
#[derive(Debug, Clone)]
pub struct BrowserPaths {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
}

impl Default for BrowserPaths {
    /// Debian's `chromium` and `chromium-driver` packages.
    fn default() -> Self {
        Self {
            chromedriver: PathBuf::from("/usr/bin/chromedriver"),
            chromium: PathBuf::from("/usr/bin/chromium"),
        }
    }
}

/// A running chromedriver; killed on drop.
#[derive(Debug)]
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(chromedriver: &Path, agent: &ureq::Agent) -> Result<Self> {
        let port = free_port()?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| Error(format!("cannot start {}: {error}", chromedriver.display())))?;
        let mut driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        wait_for(Duration::from_secs(20), "chromedriver to be ready", || {
            if let Some(status) = driver.child.try_wait()? {
                return Err(Error(format!("chromedriver exited early: {status}")));
            }
            let ready = agent
                .get(format!("{}/status", driver.url))
                .call()
                .ok()
                .and_then(|mut response| response.body_mut().read_json::<Value>().ok())
                .is_some_and(|status| status["value"]["ready"] == true);
            Ok(ready.then_some(()))
        })?;
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session. Dropping it ends the session, stops chromedriver and removes
/// the browser profile, in that order.
#[derive(Debug)]
pub struct Browser {
    agent: ureq::Agent,
    session: String,
    // Held only to be dropped after `Drop::drop` has ended the session, in this order.
    _driver: Driver,
    _profile: TempDir,
}

/// A reference to an element of the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(String);

impl Browser {
    pub fn start(paths: &BrowserPaths) -> Result<Self> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // WebDriver reports errors as JSON with 4xx/5xx statuses: read them, don't raise.
            .http_status_as_error(false)
            // Loopback only: a proxy from the environment must not get in the way.
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let profile = tempfile::Builder::new()
            .prefix("plumb-chromium-")
            .tempdir()?;
        let driver = Driver::start(&paths.chromedriver, &agent)?;
        let user_data_dir = format!("--user-data-dir={}", profile.path().display());
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": paths.chromium,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1024,768",
                            user_data_dir,
                        ],
                    },
                },
            },
        });
        let created = send(
            &agent,
            "POST",
            &format!("{}/session", driver.url),
            Some(&capabilities),
        )?;
        let id = created["sessionId"]
            .as_str()
            .ok_or_else(|| Error(format!("no session id in {created}")))?;
        let browser = Self {
            session: format!("{}/session/{id}", driver.url),
            agent,
            _driver: driver,
            _profile: profile,
        };
        browser.command(
            "POST",
            "/timeouts",
            Some(&json!({ "script": 20_000, "pageLoad": 30_000 })),
        )?;
        Ok(browser)
    }

    /// Navigates and waits for the page's load event.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.command("POST", "/url", Some(&json!({ "url": url })))
            .map(drop)
    }

    /// The first element matching a CSS selector, if there is one.
    pub fn find(&self, selector: &str) -> Result<Option<Element>> {
        Ok(self.find_all(selector)?.into_iter().next())
    }

    pub fn find_all(&self, selector: &str) -> Result<Vec<Element>> {
        let found = self.command(
            "POST",
            "/elements",
            Some(&json!({ "using": "css selector", "value": selector })),
        )?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|element| element[ELEMENT_KEY].as_str())
            .map(|id| Element(id.to_owned()))
            .collect())
    }

    /// The element a script returns (one inside a shadow root, say), if it returns one.
    pub fn execute_for_element(&self, script: &str) -> Result<Option<Element>> {
        let value = self.execute(script, &[])?;
        Ok(value[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned())))
    }

    /// An attribute's value (`None` when it is absent).
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>> {
        let value = self.command(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The rendered text of an element.
    pub fn text(&self, element: &Element) -> Result<String> {
        let value = self.command("GET", &format!("/element/{}/text", element.0), None)?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Resizes the window to `width` × `height` CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.command(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(drop)
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light), through Chromium's DevTools.
    pub fn prefer_dark(&self, dark: bool) -> Result<()> {
        let scheme = if dark { "dark" } else { "light" };
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] },
            })),
        )
        .map(drop)
    }

    /// Runs `script` in every page opened from now on, before the page's own scripts.
    pub fn run_before_each_page(&self, script: &str) -> Result<()> {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": script },
            })),
        )
        .map(drop)
    }

    /// A PNG of the visible page.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let encoded = self.command("GET", "/screenshot", None)?;
        let encoded = encoded
            .as_str()
            .ok_or_else(|| Error(format!("no screenshot in {encoded}")))?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|error| Error(format!("screenshot: {error}")))
    }

    /// Clicks the element, as a user would (scrolled into view, at its centre).
    pub fn click(&self, element: &Element) -> Result<()> {
        self.command(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        )
        .map(drop)
    }

    /// Types `text` into the element as key presses (`\n` presses Enter).
    pub fn type_text(&self, element: &Element, text: &str) -> Result<()> {
        self.command(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": text })),
        )
        .map(drop)
    }

    /// Runs `script` as a function body with `args` as `arguments`; returns what it returns.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Like [`Browser::execute`], but the result is what the script passes to its last
    /// argument, a callback (bounded by the session's script timeout).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        send(
            &self.agent,
            method,
            &format!("{}{path}", self.session),
            body,
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Quitting closes Chromium; the driver and the profile go when the fields drop.
        let _ = send(&self.agent, "DELETE", &self.session, None);
    }
}

/// One WebDriver call: returns the response's `value`, or its error as an [`Error`].
fn send(agent: &ureq::Agent, method: &str, url: &str, body: Option<&Value>) -> Result<Value> {
    let mut response = match (method, body) {
        ("GET", _) => agent.get(url).call()?,
        ("DELETE", _) => agent.delete(url).call()?,
        (_, Some(body)) => agent.post(url).send_json(body)?,
        (_, None) => agent.post(url).send_empty()?,
    };
    let status = response.status();
    let mut reply: Value = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .map_err(|error| {
            Error(format!(
                "{method} {url}: unreadable reply ({status}): {error}"
            ))
        })?;
    let value = reply["value"].take();
    if status.is_success() {
        Ok(value)
    } else {
        Err(Error(format!(
            "{method} {url}: {status}: {} {}",
            value["error"].as_str().unwrap_or("error"),
            value["message"].as_str().unwrap_or_default()
        )))
    }
}
