//! How packages, sorted by name, are cut into layers: contiguous runs, so that the cut
//! depends only on the packages and their sizes.

use std::num::NonZeroUsize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageGrouping {
    /// At most this many package layers of about equal size: a package goes to layer
    /// `⌊layers × (weight before it + half its own) / total weight⌋`, its weight its bytes
    /// plus one (so that empty packages count too). A package heavier than a layer's share
    /// leaves fewer layers.
    Layers(NonZeroUsize),
    /// Layers of at most this many bytes of files: packages join the current layer until the
    /// next would exceed the budget. A package larger than the budget is a layer of its own.
    SizeBudget(u64),
}

/// The group of each package, given the bytes of each (in name order): 0, 0, 1, 1, 1, 2…
pub(crate) fn group_packages(sizes: &[u64], grouping: PackageGrouping) -> Vec<usize> {
    match grouping {
        PackageGrouping::Layers(layers) => {
            let weights: Vec<u128> = sizes.iter().map(|&size| u128::from(size) + 1).collect();
            let total: u128 = weights.iter().sum();
            let layers = layers.get() as u128;
            let mut before = 0;
            let groups: Vec<u128> = weights
                .iter()
                .map(|weight| {
                    let group = (layers * (2 * before + weight) / (2 * total)).min(layers - 1);
                    before += weight;
                    group
                })
                .collect();
            renumbered(&groups)
        }
        PackageGrouping::SizeBudget(budget) => {
            let mut group = 0;
            let mut filled: u64 = 0;
            sizes
                .iter()
                .enumerate()
                .map(|(index, &size)| {
                    if index > 0 && filled.saturating_add(size) > budget {
                        group += 1;
                        filled = 0;
                    }
                    filled = filled.saturating_add(size);
                    group
                })
                .collect()
        }
    }
}

/// Group numbers without gaps (a heavy package can make the proportional cut skip one).
fn renumbered(groups: &[u128]) -> Vec<usize> {
    let mut number = 0;
    groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            if index > 0 && groups[index - 1] != *group {
                number += 1;
            }
            number
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layers(count: usize) -> PackageGrouping {
        PackageGrouping::Layers(NonZeroUsize::new(count).unwrap())
    }

    #[test]
    fn a_layer_count_cuts_by_cumulative_size() {
        assert_eq!(group_packages(&[9, 9, 9, 9], layers(2)), [0, 0, 1, 1]);
        assert_eq!(group_packages(&[99, 0, 0, 0], layers(2)), [0, 1, 1, 1]);
        assert_eq!(group_packages(&[1000, 1, 1], layers(3)), [0, 1, 1]);
        assert_eq!(group_packages(&[5, 5], layers(8)), [0, 1]);
        assert_eq!(group_packages(&[], layers(3)), Vec::<usize>::new());
        let groups = group_packages(&[3; 100], layers(7));
        assert_eq!(groups.iter().max(), Some(&6));
        assert!(
            groups
                .windows(2)
                .all(|pair| pair[1] == pair[0] || pair[1] == pair[0] + 1)
        );
    }

    #[test]
    fn a_size_budget_closes_a_layer_before_it_overflows() {
        let budget = PackageGrouping::SizeBudget(10);
        assert_eq!(
            group_packages(&[4, 4, 4, 20, 1, 9, 1], budget),
            [0, 0, 1, 2, 3, 3, 4]
        );
        assert_eq!(group_packages(&[0, 0, 10, 0], budget), [0, 0, 0, 0]);
    }
}
