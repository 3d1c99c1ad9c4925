//! A real container registry on loopback (Debian's `docker-registry`, the CNCF distribution
//! registry) and small images built for it: buildah commits a busybox tree from scratch into
//! the local container storage, skopeo or buildah pushes it. No public registry is needed.

use std::io;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The programs these helpers run, with the Debian packages that bring them.
pub const PROGRAMS: [(&str, &str); 4] = [
    ("/usr/bin/docker-registry", "docker-registry"),
    ("/usr/bin/buildah", "buildah"),
    ("/usr/bin/skopeo", "skopeo"),
    ("/bin/busybox", "busybox-static"),
];

/// buildah and skopeo as root on this machine: the vfs driver, no runtime isolation.
const STORAGE: [(&str, &str); 2] = [("STORAGE_DRIVER", "vfs"), ("BUILDAH_ISOLATION", "chroot")];

/// A running registry; stopped when dropped.
#[derive(Debug)]
pub struct Registry {
    child: Child,
    /// `127.0.0.1:<port>`.
    pub address: String,
    _root: tempfile::TempDir,
}

impl Registry {
    pub fn start() -> io::Result<Self> {
        let root = tempfile::tempdir()?;
        // A port the system says is free; the registry takes it right after.
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let address = format!("127.0.0.1:{port}");
        let config = root.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {address}\n",
                root.path().join("data").display()
            ),
        )?;
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let registry = Self {
            child,
            address,
            _root: root,
        };
        registry.wait_until_up()?;
        Ok(registry)
    }

    fn wait_until_up(&self) -> io::Result<()> {
        let started = Instant::now();
        let url = format!("http://{}/v2/", self.address);
        while started.elapsed() < Duration::from_secs(10) {
            if ureq::get(&url).call().is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(io::Error::other(format!("no registry at {url}")))
    }

    /// The digest the registry serves for `repository:tag` (its `Docker-Content-Digest`).
    pub fn digest(&self, repository: &str, tag: &str) -> io::Result<String> {
        let url = format!("http://{}/v2/{repository}/manifests/{tag}", self.address);
        let response = ureq::head(&url)
            .header(
                "Accept",
                "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json",
            )
            .call()
            .map_err(io::Error::other)?;
        response
            .headers()
            .get("Docker-Content-Digest")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| io::Error::other(format!("{url}: no digest")))
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Commits a one-file image (busybox, `PATH=/bin`) for `architecture` into the local
/// container storage as `name` (`localhost/…:tag`).
pub fn build_busybox_image(name: &str, architecture: &str) -> io::Result<()> {
    let container = output(buildah(&["from", "scratch"]))?;
    let container = container.trim();
    run(buildah(&[
        "copy",
        container,
        "/bin/busybox",
        "/bin/busybox",
    ]))?;
    // The label makes each test's image its own: images of the same content share one id,
    // and removing one test's would remove another's.
    run(buildah(&[
        "config",
        "--arch",
        architecture,
        "--env",
        "PATH=/bin",
        "--label",
        &format!("org.plumb.test={name}"),
        container,
    ]))?;
    run(buildah(&[
        "commit",
        "-q",
        "--timestamp",
        "0",
        container,
        name,
    ]))?;
    run(buildah(&["rm", container]))
}

/// Pushes the stored image `name` to `destination` (`address/repository:tag`).
pub fn push(name: &str, destination: &str) -> io::Result<()> {
    let mut command = Command::new("skopeo");
    command.envs(STORAGE).args([
        "copy",
        "--quiet",
        "--dest-tls-verify=false",
        &format!("containers-storage:{name}"),
        &format!("docker://{destination}"),
    ]);
    run(command)
}

/// Makes an index of the stored images `names` and pushes it with them to `destination`.
pub fn push_index(index: &str, names: &[&str], destination: &str) -> io::Result<()> {
    run(buildah(&["manifest", "create", index]))?;
    for name in names {
        run(buildah(&[
            "manifest",
            "add",
            index,
            &format!("containers-storage:{name}"),
        ]))?;
    }
    run(buildah(&[
        "manifest",
        "push",
        "--quiet",
        "--all",
        "--tls-verify=false",
        index,
        &format!("docker://{destination}"),
    ]))
}

/// Removes stored images (and indexes), whether or not they exist.
pub fn remove_images(names: &[&str]) {
    for name in names {
        let _ = buildah(&["rmi", "--force", name]).output();
    }
}

/// Whether the tools are installed, for [`crate::require`].
pub fn installed() -> bool {
    PROGRAMS.iter().all(|(path, _)| Path::new(path).exists())
}

/// Whether the image tools are here; in CI their absence fails the test (see
/// [`crate::require`]).
pub fn required() -> bool {
    let packages: Vec<&str> = PROGRAMS.iter().map(|(_, package)| *package).collect();
    crate::require(
        &format!("Debian packages {}", packages.join(", ")),
        installed(),
    )
}

fn buildah(arguments: &[&str]) -> Command {
    let mut command = Command::new("buildah");
    command.envs(STORAGE).args(arguments);
    command
}

fn output(mut command: Command) -> io::Result<String> {
    let output = command.output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn run(command: Command) -> io::Result<()> {
    output(command).map(drop)
}
