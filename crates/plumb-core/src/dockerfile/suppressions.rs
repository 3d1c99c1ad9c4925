//! The suppressions a Dockerfile carries: pragmas in the comment block above an
//! instruction, and the `# check=skip=` directive for the whole file.

use super::directives::parse_check_options;
use super::instruction::Dockerfile;
use crate::source::SourceFile;
use crate::suppression::{Names, Suppression, Vocabulary, parse_pragma};

pub fn suppressions(file: &SourceFile, dockerfile: &Dockerfile) -> Vec<Suppression> {
    let mut found = Vec::new();
    if let Some(options) = dockerfile
        .directive("check")
        .and_then(|directive| parse_check_options(&directive.value).ok())
    {
        let names = if options.skip_all {
            Some(Names::All)
        } else {
            (!options.skip.is_empty()).then_some(Names::Codes(options.skip))
        };
        found.extend(names.map(|names| Suppression {
            vocabulary: Vocabulary::Buildkit,
            names,
            scope: None,
        }));
    }
    for instruction in &dockerfile.instructions {
        for comment in &instruction.comments {
            // Read the line itself: BuildKit's comment text keeps the `#` of indented comments.
            let line = file.slice(comment.span).trim_start();
            let text = line.strip_prefix('#').unwrap_or(line);
            found.extend(parse_pragma(text, instruction.span));
        }
    }
    found
}
