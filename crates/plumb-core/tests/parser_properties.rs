//! The Dockerfile parser never panics and every span it returns lies inside the file, on
//! character boundaries, whatever the input: generated text, arbitrary Unicode and mutated
//! files of the differential corpus (`tests/corpus/dockerfile`). A parse also survives a round
//! trip: rendered back to text (directives, joined lines, heredoc bodies) and parsed again, it
//! gives the same instructions.

use plumb_core::Span;
use plumb_core::dockerfile::{self, Arguments, Dockerfile, Instruction};
use plumb_core::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::Path;
use std::sync::OnceLock;

/// Pieces that exercise the parser's corners: directives, continuations, heredocs, JSON,
/// quotes, flags, non-ASCII text and odd whitespace.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\\\n".to_owned()),
        Just("`\n".to_owned()),
        Just("# escape=`\n".to_owned()),
        Just("# syntax=docker/dockerfile:1\n".to_owned()),
        Just("# check=skip=all;error=true\n".to_owned()),
        Just("FROM alpine AS base\n".to_owned()),
        Just("RUN <<EOF\n".to_owned()),
        Just("RUN <<-'EOF' cat && <<B cat\n".to_owned()),
        Just("EOF\n".to_owned()),
        Just("\tEOF\n".to_owned()),
        Just("COPY --from=é --chown=\"a b\" src /dst\n".to_owned()),
        Just("CMD [\"a\", 1, [\"b\"]]\n".to_owned()),
        Just("ENV A=1 B=\"x y\" C\n".to_owned()),
        Just("LABEL a\n".to_owned()),
        Just("HEALTHCHECK\u{a0}CMD\u{85} x\n".to_owned()),
        Just("ONBUILD ONBUILD RUN <<X\n".to_owned()),
        Just("${a:-${b}} '\"\\".to_owned()),
        Just("\u{feff}".to_owned()),
        "[ -~]{0,12}",
        "\\PC{0,4}",
    ]
}

fn dockerfile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|fragments| fragments.concat())
}

fn assert_span(file: &SourceFile, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        file.text().get(span.range()).is_some(),
        "{what}: span {span:?} is outside the file or splits a character"
    );
}

fn assert_instruction(file: &SourceFile, instruction: &Instruction) {
    assert_span(file, instruction.span, "instruction");
    assert_span(file, instruction.keyword.span, "keyword");
    for flag in &instruction.flags {
        assert_span(file, flag.span, "flag");
    }
    for heredoc in &instruction.heredocs {
        assert_span(file, heredoc.body_span, "heredoc body");
        if let Some(span) = heredoc.terminator_span {
            assert_span(file, span, "heredoc terminator");
        }
    }
    for comment in &instruction.comments {
        assert_span(file, comment.span, "comment");
    }
    match &instruction.arguments {
        Arguments::Exec(words) | Arguments::Words(words) => {
            for word in words {
                assert_span(file, word.span, "argument");
            }
        }
        Arguments::Shell(word) => assert_span(file, word.span, "argument"),
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                assert_span(file, pair.key.span, "key");
                assert_span(file, pair.value.span, "value");
            }
        }
        Arguments::Healthcheck { kind, .. } => assert_span(file, kind.span, "healthcheck type"),
        Arguments::Trigger(trigger) => assert_instruction(file, trigger),
        Arguments::None | Arguments::Ignored | Arguments::Invalid => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsing_returns_and_spans_stay_in_the_file(text in dockerfile_text()) {
        assert_parse_is_sound(text);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let file = SourceFile::new("Dockerfile", text);
        let (parsed, diagnostics) = dockerfile::check(&file, None);
        for instruction in &parsed.dockerfile.instructions {
            assert_instruction(&file, instruction);
        }
        for diagnostic in &diagnostics {
            assert_span(&file, diagnostic.span, diagnostic.code());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutated real Dockerfiles
// ---------------------------------------------------------------------------------------------

/// The differential corpus (`tests/corpus/dockerfile`), read once.
fn corpus() -> &'static [(String, Vec<u8>)] {
    static CORPUS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/dockerfile");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&directory)
            .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
            .map(|entry| entry.expect("readable directory entry").path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "Dockerfile")
            })
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&path).expect("readable corpus file"))
            })
            .collect();
        files.sort();
        assert!(files.len() >= 160, "corpus has only {} files", files.len());
        files
    })
}

/// Pieces inserted by mutations: the characters the parser treats specially.
const INSERTS: &[&str] = &[
    "\\",
    "\\\n",
    "`",
    "`\n",
    "\n",
    "\r\n",
    "\r",
    "<<EOF",
    "<<-EOF",
    "3<<'E'",
    "\nEOF\n",
    "\n\tEOF\n",
    "'",
    "\"",
    "[",
    "]",
    "[\"a\", 1]",
    "#",
    "# escape=`\n",
    "--",
    "--mount=type=cache ",
    "=",
    "${X:-y}",
    "é",
    "\u{a0}",
    "\u{85}",
    "\u{2003}",
    "\u{feff}",
    "🐳",
    " ",
    "\t",
    "\u{b}",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes(Index, usize),
    InsertBytes(Index, &'static str),
    DuplicateBytes(Index, usize),
    SwapBytes(Index, Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..8usize).prop_map(|(at, length)| Mutation::DeleteBytes(at, length)),
        (any::<Index>(), prop::sample::select(INSERTS))
            .prop_map(|(at, piece)| Mutation::InsertBytes(at, piece)),
        (any::<Index>(), 1..24usize).prop_map(|(at, length)| Mutation::DuplicateBytes(at, length)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapBytes(a, b)),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// Applies byte-level mutations (which may break UTF-8) and decodes the result the way the
/// front ends do, with U+FFFD for invalid sequences.
fn mutate(bytes: &[u8], mutations: &[Mutation]) -> String {
    let mut bytes = bytes.to_vec();
    for mutation in mutations {
        let position = |index: &Index, bytes: &Vec<u8>| index.index(bytes.len() + 1);
        match mutation {
            Mutation::DeleteBytes(at, length) => {
                let start = position(at, &bytes);
                let end = (start + length).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::InsertBytes(at, piece) => {
                let start = position(at, &bytes);
                bytes.splice(start..start, piece.bytes());
            }
            Mutation::DuplicateBytes(at, length) => {
                let start = position(at, &bytes);
                let end = (start + length).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::SwapBytes(a, b) if !bytes.is_empty() => {
                let (a, b) = (a.index(bytes.len()), b.index(bytes.len()));
                bytes.swap(a, b);
            }
            Mutation::SwapBytes(..) => {}
            Mutation::DeleteLine(_) | Mutation::DuplicateLine(_) | Mutation::SwapLines(..) => {
                let mut lines: Vec<Vec<u8>> = bytes
                    .split_inclusive(|&byte| byte == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                match mutation {
                    Mutation::DeleteLine(line) => {
                        lines.remove(line.index(lines.len()));
                    }
                    Mutation::DuplicateLine(line) => {
                        let index = line.index(lines.len());
                        lines.insert(index, lines[index].clone());
                    }
                    Mutation::SwapLines(a, b) => {
                        let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                        lines.swap(a, b);
                    }
                    _ => unreachable!("only line mutations reach here"),
                }
                bytes = lines.concat();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn mutated_corpus_file() -> impl Strategy<Value = String> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..8)).prop_map(|(file, mutations)| {
        let files = corpus();
        mutate(&files[file.index(files.len())].1, &mutations)
    })
}

fn assert_parse_is_sound(text: String) {
    let file = SourceFile::new("Dockerfile", text);
    let (parsed, diagnostics) = dockerfile::check(&file, None);
    for instruction in &parsed.dockerfile.instructions {
        assert_instruction(&file, instruction);
        assert!(instruction.start_line >= 1 && instruction.start_line <= instruction.end_line);
        assert!(instruction.end_line <= file.line_count().max(1));
    }
    for directive in &parsed.dockerfile.directives {
        assert_span(&file, directive.span, "directive");
        assert_span(&file, directive.value_span, "directive value");
    }
    for diagnostic in &diagnostics {
        assert_span(&file, diagnostic.span, diagnostic.code());
        for label in &diagnostic.labels {
            assert_span(&file, label.span, "label");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip: render the parse back to text and parse it again
// ---------------------------------------------------------------------------------------------

/// What an instruction means, without positions: keyword, flags, argument values, heredocs
/// and the ONBUILD trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    keyword: String,
    flags: Vec<String>,
    values: Vec<String>,
    heredocs: Vec<(String, String)>,
    trigger: Option<Box<Shape>>,
}

fn shape(instruction: &Instruction) -> Shape {
    Shape {
        keyword: instruction.keyword.value.clone(),
        flags: instruction
            .flags
            .iter()
            .map(|flag| flag.text.clone())
            .collect(),
        values: instruction
            .arguments
            .values()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        heredocs: instruction
            .heredocs
            .iter()
            .map(|heredoc| (heredoc.name.clone(), heredoc.content.clone()))
            .collect(),
        trigger: match &instruction.arguments {
            Arguments::Trigger(trigger) => Some(Box::new(shape(trigger))),
            _ => None,
        },
    }
}

/// The directive lines, then each instruction's joined line followed by its heredoc bodies
/// and terminators.
fn render(dockerfile: &Dockerfile) -> String {
    let mut text = String::new();
    // A byte-order mark that was not at the start of the file is a keyword character; at the
    // start of the rendering it would be dropped, so a blank line goes first (there are no
    // directives then: they would come before it).
    if dockerfile.directives.is_empty()
        && dockerfile
            .instructions
            .first()
            .is_some_and(|instruction| instruction.original.starts_with('\u{feff}'))
    {
        text.push('\n');
    }
    for directive in &dockerfile.directives {
        text.push_str(&format!("# {}={}\n", directive.name, directive.value));
    }
    for instruction in &dockerfile.instructions {
        text.push_str(&instruction.original);
        text.push('\n');
        for heredoc in &instruction.heredocs {
            text.push_str(&heredoc.content);
            text.push_str(&heredoc.name);
            text.push('\n');
        }
    }
    text
}

/// Whether `original`, written on a line of its own, would not read back as itself: it ends in
/// an unescaped escape character (plus blanks), or in a `\r` that ends every line anyway. Only
/// a last instruction cut off by the end of the file in the middle of a continuation ends like
/// that (`RUN a \` + `  \  \` + end of file joins to `RUN a   \  `).
fn cut_off_by_end_of_file(original: &str, escape: char) -> bool {
    original.ends_with('\r')
        || original
            .trim_end_matches([' ', '\t'])
            .strip_suffix(escape)
            .is_some_and(|before| !before.ends_with(escape))
}

/// Parses, renders and parses again; the instructions must come back unchanged.
///
/// What no rendering can keep is left out: an unterminated heredoc (the rendering would
/// terminate it), a last instruction cut off in the middle of a continuation, and blank
/// logical lines (a lone escape line followed by nothing).
fn assert_round_trip(text: &str) -> Result<(), TestCaseError> {
    let (parsed, diagnostics) = dockerfile::parse(&SourceFile::new("Dockerfile", text));
    let cut_off = parsed
        .instructions
        .last()
        .is_some_and(|last| cut_off_by_end_of_file(&last.original, parsed.escape));
    if cut_off
        || diagnostics
            .iter()
            .any(|diagnostic| diagnostic.is(&plumb_core::dockerfile::rules::invalid_heredoc::RULE))
    {
        return Ok(());
    }
    let rendered = render(&parsed);
    let (reparsed, _) = dockerfile::parse(&SourceFile::new("Dockerfile", rendered.as_str()));
    let expected: Vec<Shape> = parsed
        .instructions
        .iter()
        .filter(|instruction| !instruction.original.trim().is_empty())
        .map(shape)
        .collect();
    let actual: Vec<Shape> = reparsed.instructions.iter().map(shape).collect();
    prop_assert_eq!(
        &actual,
        &expected,
        "rendered text:\n{}\nfrom:\n{}",
        rendered,
        text
    );
    prop_assert_eq!(reparsed.escape, parsed.escape);
    Ok(())
}

#[test]
fn every_corpus_file_round_trips() {
    for (name, bytes) in corpus() {
        let text = String::from_utf8_lossy(bytes);
        if let Err(error) = assert_round_trip(&text) {
            panic!("{name}: {error}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_files_parse_soundly(text in mutated_corpus_file()) {
        assert_parse_is_sound(text);
    }

    #[test]
    fn mutated_corpus_files_round_trip(text in mutated_corpus_file()) {
        assert_round_trip(&text)?;
    }

    #[test]
    fn generated_files_round_trip(text in dockerfile_text()) {
        assert_round_trip(&text)?;
    }
}
