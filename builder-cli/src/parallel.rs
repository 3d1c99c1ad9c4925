//! Work split over the machine's cores with scoped threads.

/// How many threads to split work over.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `work` applied to every part, each part on its own thread; results in the parts' order.
/// A single part runs on the calling thread (starting a thread would only cost time).
pub fn map_parts<T: Sync, R: Send>(parts: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if parts.len() <= 1 {
        return parts.iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The items split in one run per core, `work` applied to each run on its own thread;
/// results in the runs' order.
pub fn map_runs<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let run_length = items.len().div_ceil(cores()).max(1);
    let runs: Vec<&[T]> = items.chunks(run_length).collect();
    map_parts(&runs, |run| work(run))
}

/// `work` applied to every item, the items split in one run per core; results in the
/// items' order. For many small jobs, such as system calls per file.
pub fn map_each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_runs(items, |run| run.iter().map(&work).collect::<Vec<_>>())
        .into_iter()
        .flatten()
        .collect()
}
