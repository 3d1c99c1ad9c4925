//! compose-go's JSON schema as plumb-core's generated tables.

use std::fs;

use plumb_tests::compose;
use plumb_tests::plumb::workspace_root;

/// The tables say what the schema docker compose embeds says; `PLUMB_UPDATE_SCHEMA=1`
/// writes them.
#[test]
fn generated_schema_tables_are_current() {
    let generated = compose::tables::generated_source(&compose::schema())
        .unwrap_or_else(|why| panic!("the schema tables cannot be generated: {why}"));
    let path = workspace_root().join("crates/plumb-core/src/compose/schema/generated.rs");
    if std::env::var_os("PLUMB_UPDATE_SCHEMA").is_some() {
        fs::write(&path, &generated).unwrap();
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `PLUMB_UPDATE_SCHEMA=1 cargo test -p plumb-tests --test compose_schema generated`",
        path.display()
    );
}
