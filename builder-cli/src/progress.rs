//! A spinner while a build step runs, with the step's name and the time so far: drawn on a
//! terminal only (indicatif draws nothing elsewhere), cleared when the step is done, so the
//! lines `plumb build` prints stay what a log or a test reads.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// Runs `work`, showing `what` spinning meanwhile.
pub fn spinning<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let spinner = ProgressBar::new_spinner().with_message(what.to_owned());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.enable_steady_tick(Duration::from_millis(120));
    let result = work();
    spinner.finish_and_clear();
    result
}
