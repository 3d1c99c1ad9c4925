//! compose's `!reset` and `!override` tags (compose-go's `ResetProcessor`). Reading a file
//! records the path of every tagged value and drops the `!reset` ones from the file itself;
//! before the file is merged, every mapping key of the model built so far at a recorded path
//! is deleted, so `!reset` leaves the key unset and `!override` sets it without merging.
//! As in compose-go, a tagged sequence item is recorded by its index and never matches, so
//! it is only dropped from its own file.

use super::tree::TreePath;
use crate::yaml::{Node, Tag, Value};

/// The paths one file's tags name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resets {
    paths: Vec<TreePath>,
}

/// Records the tagged paths of a file's document and removes its `!reset` values.
pub fn take_resets(document: &mut Node) -> Resets {
    let mut resets = Resets::default();
    record(document, &TreePath::root(), &mut resets);
    resets
}

fn record(node: &mut Node, path: &TreePath, resets: &mut Resets) {
    match &mut node.value {
        Value::Mapping(entries) => entries.retain_mut(|entry| {
            let key = entry
                .key
                .as_str()
                .map_or_else(|| super::go_format::sprint(&entry.key.value), str::to_owned);
            visit(&mut entry.value, path.next(&key), resets)
        }),
        Value::Sequence(items) => {
            let mut index = 0;
            items.retain_mut(|item| {
                let kept = visit(item, path.next(&index.to_string()), resets);
                index += 1;
                kept
            });
        }
        _ => {}
    }
}

/// Records a tagged value's path; whether the value stays in the file.
fn visit(node: &mut Node, path: TreePath, resets: &mut Resets) -> bool {
    match node.tag {
        Some(Tag::Reset) => {
            resets.paths.push(path);
            false
        }
        Some(Tag::Override) => {
            resets.paths.push(path);
            true
        }
        _ => {
            record(node, &path, resets);
            true
        }
    }
}

impl Resets {
    /// Deletes from `model` every mapping key at a recorded path.
    pub fn apply(&self, model: &mut Node) {
        if !self.paths.is_empty() {
            self.delete(model, &TreePath::root());
        }
    }

    fn delete(&self, node: &mut Node, path: &TreePath) {
        match &mut node.value {
            Value::Mapping(entries) => entries.retain_mut(|entry| {
                let Some(key) = entry.key.as_str() else {
                    return true;
                };
                let next = path.next(key);
                if self.paths.contains(&next) {
                    return false;
                }
                self.delete(&mut entry.value, &next);
                true
            }),
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.delete(item, &path.next(&format!("[{index}]")));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn document(text: &str) -> Node {
        yaml::parse(text).unwrap().remove(0)
    }

    #[test]
    fn reset_values_leave_the_file_and_clear_the_model() {
        let mut model = document(
            "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: {A: 1, B: 2}\n",
        );
        let mut file = document(
            "services:\n  web:\n    ports: !reset []\n    environment:\n      A: !reset null\n    image: !override b\n",
        );
        let resets = take_resets(&mut file);
        let web = file.get("services").unwrap().get("web").unwrap();
        assert!(web.get("ports").is_none());
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        resets.apply(&mut model);
        let web = model.get("services").unwrap().get("web").unwrap();
        assert!(web.get("ports").is_none() && web.get("image").is_none());
        let environment = web.get("environment").unwrap();
        assert!(environment.get("A").is_none() && environment.get("B").is_some());
    }

    #[test]
    fn tagged_sequence_items_only_leave_their_own_file() {
        let mut model = document("services:\n  web:\n    ports: ['80:80']\n");
        let mut file = document("services:\n  web:\n    ports: [!reset '80:80', '81:81']\n");
        take_resets(&mut file).apply(&mut model);
        let ports = file
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("ports")
            .unwrap();
        assert_eq!(ports.as_sequence().unwrap().len(), 1);
        let ports = model
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("ports")
            .unwrap();
        assert_eq!(ports.as_sequence().unwrap().len(), 1);
    }
}
