//! The plan's findings (`PL`): what keeps a plan from pinning its build, raised while the
//! plan is made (`plumb plan`, the browser's plan view), never by `plumb check`, whose
//! Dockerfile rules already report the same files' problems once.

pub mod backend_lacks_feature;
pub mod lock_is_stale;
pub mod no_source_date_epoch;
pub mod unpinned_image;
pub mod unpinned_source;

use crate::rules::Rule;

/// Every plan rule, in code order.
pub static RULES: &[&Rule] = &[
    &backend_lacks_feature::RULE,
    &lock_is_stale::RULE,
    &unpinned_image::RULE,
    &unpinned_source::RULE,
    &no_source_date_epoch::RULE,
];
