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

/// Fewer items than this stay on one thread: starting a thread costs about as much as
/// reading a few dozen files or rendering a hundred findings.
const SHORTEST_RUN: usize = 64;

/// The items split in one run per core (runs of at least [`SHORTEST_RUN`] items), `work`
/// applied to each run on its own thread; results in the runs' order.
pub fn map_runs<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let run_length = items.len().div_ceil(cores()).max(SHORTEST_RUN);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for count in [0, 1, SHORTEST_RUN, 10 * SHORTEST_RUN + 3] {
            let items: Vec<usize> = (0..count).collect();
            let doubled: Vec<usize> = items.iter().map(|item| item * 2).collect();
            assert_eq!(map_each(&items, |item| item * 2), doubled);
            let runs = map_runs(&items, <[usize]>::to_vec);
            assert_eq!(runs.concat(), items);
            assert!(runs.iter().all(|run| !run.is_empty()));
        }
    }

    #[test]
    fn few_items_stay_in_one_run() {
        let items = vec![0; SHORTEST_RUN];
        assert_eq!(map_runs(&items, <[usize]>::len), [SHORTEST_RUN]);
    }
}
