//! The interpreter with the real tables: each keyword the schema uses, the messages, which
//! error compose reports, and the spans. tests/compose_schema.rs compares the same with
//! docker compose itself.

use super::validate;
use crate::yaml;

/// Each violation's message and the text its span covers.
fn violations(text: &str) -> Vec<(String, &str)> {
    let documents = yaml::parse(text).expect("valid YAML");
    validate(&documents[0])
        .into_iter()
        .map(|violation| (violation.message, &text[violation.span.range()]))
        .collect()
}

fn messages(text: &str) -> Vec<String> {
    violations(text)
        .into_iter()
        .map(|(message, _)| message)
        .collect()
}

/// The message compose reports.
fn reported(text: &str) -> String {
    messages(text).into_iter().next().expect("a violation")
}

#[test]
fn a_valid_file_has_no_violations() {
    let text = "\
name: shop
services:
  web:
    image: nginx
    ports: ['80:80', {target: 443, published: '8443'}]
    environment: {A: 1, B: null, C: true}
    depends_on: {db: {condition: service_healthy}}
    cpu_count: 2.0
    container_name: my web!
    pull_policy: foo_always_bar
    x-anything: 2001-12-14
  db:
    image: postgres
    ulimits: {nofile: {soft: 1, hard: 2}, nproc: 3}
networks:
  my net: {}
x-extension: {a: [1, 2001-12-14]}
";
    assert_eq!(violations(text), []);
}

#[test]
fn unknown_properties_are_reported_at_their_key() {
    assert_eq!(
        violations("services:\n  web:\n    image: a\n    helicopters: 3\n"),
        [(
            "services.web additional properties 'helicopters' not allowed".to_owned(),
            "helicopters"
        )]
    );
    assert_eq!(
        reported("foo: 1\n"),
        " additional properties 'foo' not allowed"
    );
    // Resource maps refuse names outside their pattern; `networks` and `models` do not.
    assert_eq!(
        reported("services:\n  my service: {image: a}\n"),
        "services additional properties 'my service' not allowed"
    );
    assert_eq!(
        messages("networks:\n  my net: {}\nmodels:\n  my model: 1\n"),
        Vec::<String>::new()
    );
    // One violation names every unknown key of a mapping, in document order.
    assert_eq!(
        violations("services:\n  web: {image: a, foo: 1, bar: 2}\n"),
        [(
            "services.web additional properties 'foo', 'bar' not allowed".to_owned(),
            "foo"
        )]
    );
}

#[test]
fn types_are_named_as_compose_names_them() {
    assert_eq!(
        reported("services:\n  web:\n    use_api_socket: 1\n"),
        "services.web.use_api_socket must be a boolean"
    );
    assert_eq!(
        violations("services:\n  web:\n"),
        [("services.web must be a mapping".to_owned(), "")]
    );
    assert_eq!(
        reported("services:\n  web:\n    environment:\n      A: [1]\n"),
        "services.web.environment.A must be a boolean, null, number or string"
    );
    assert_eq!(
        reported("services:\n  web:\n    mem_swappiness: 1.5\n"),
        "services.web.mem_swappiness must be a integer or string"
    );
    assert_eq!(
        reported("networks:\n  n:\n    external: [true]\n"),
        "networks.n.external must be a boolean, mapping or string"
    );
}

#[test]
fn an_integral_float_is_an_integer() {
    assert_eq!(
        messages("services:\n  web:\n    mem_swappiness: 60.0\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages("services:\n  web:\n    scale: 1e3\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_timestamp_has_no_json_type_except_where_anything_goes() {
    assert_eq!(
        violations("services:\n  web:\n    environment:\n      D: 2001-12-14\n"),
        [(
            "services.web.environment.D invalid jsonType time.Time".to_owned(),
            "2001-12-14"
        )]
    );
    // Also where the schema has no `type`, and before `type` is looked at.
    assert_eq!(
        reported("services:\n  web:\n    image: 2001-12-14\n"),
        "services.web.image invalid jsonType time.Time"
    );
    // Compared for `uniqueItems`, jsonschema gives up on it: only the item is reported.
    assert_eq!(
        messages("services:\n  web:\n    security_opt: [a, 2001-12-14, a]\n"),
        ["services.web.security_opt.1 invalid jsonType time.Time"]
    );
}

#[test]
fn patterns_are_searched_for() {
    assert_eq!(
        violations("services:\n  web:\n    container_name: a\n"),
        [(
            "services.web.container_name 'a' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'"
                .to_owned(),
            "a"
        )]
    );
    assert_eq!(
        reported("services:\n  web:\n    pull_policy: sometimes\n"),
        "services.web.pull_policy 'sometimes' does not match pattern \
         'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'"
    );
    assert_eq!(
        messages("services:\n  web:\n    pull_policy: every_2d\n"),
        Vec::<String>::new()
    );
    // A name pattern is anchored: an empty key does not match `.+`.
    assert_eq!(
        reported("services:\n  web:\n    labels: {'': x}\n"),
        "services.web.labels additional properties '' not allowed"
    );
}

#[test]
fn enumerations_list_their_values() {
    assert_eq!(
        reported("services:\n  a:\n    depends_on:\n      b: {condition: started}\n"),
        "services.a.depends_on.b.condition value must be one of 'service_started', \
         'service_healthy', 'service_completed_successfully'"
    );
    assert_eq!(
        reported("services:\n  a:\n    gpus: some\n"),
        "services.a.gpus value must be 'all'"
    );
}

#[test]
fn missing_required_properties_are_reported_at_their_mapping() {
    assert_eq!(
        violations("services:\n  a:\n    depends_on:\n      b: {restart: true}\n"),
        [(
            "services.a.depends_on.b missing property 'condition'".to_owned(),
            "{restart: true}"
        )]
    );
    assert_eq!(
        reported("services:\n  a:\n    develop:\n      watch: [{target: /x}]\n"),
        "services.a.develop.watch.0 missing properties 'path', 'action'"
    );
    // Under a `oneOf` whose other alternative fails as deep, compose reports that one.
    assert_eq!(
        reported("services:\n  a:\n    ulimits:\n      nofile: {x-a: 1}\n"),
        "services.a.ulimits.nofile must be a integer or string"
    );
}

#[test]
fn bounds_use_compose_gos_words() {
    assert_eq!(
        reported(
            "services:\n  a:\n    volumes:\n      - {type: tmpfs, target: /t, tmpfs: {size: -1}}\n"
        ),
        "services.a.volumes.0.tmpfs.size must be greater than or equal to 0"
    );
    // Both alternatives fail at the same depth: compose reports the first, the `string`.
    assert_eq!(
        reported("services:\n  a:\n    cpu_percent: 101\n"),
        "services.a.cpu_percent must be a string"
    );
}

#[test]
fn duplicate_items_are_reported_at_the_later_one() {
    assert_eq!(
        violations("services:\n  a:\n    security_opt: [x, y, x]\n"),
        [(
            "services.a.security_opt items at 0 and 2 are equal".to_owned(),
            "x"
        )]
    );
    let text = "services:\n  a:\n    security_opt: [x, y, x]\n";
    let violation = &validate(&yaml::parse(text).unwrap()[0])[0];
    assert_eq!(violation.span.start, text.rfind('x').unwrap());
    // Numbers by value, mappings whatever their order.
    assert_eq!(
        reported("services:\n  a:\n    group_add: [1, 1.0]\n"),
        "services.a.group_add items at 0 and 1 are equal"
    );
    assert_eq!(
        reported(
            "services:\n  a:\n    ports: [{target: 1, published: '2'}, {published: '2', target: 1}]\n"
        ),
        "services.a.ports items at 0 and 1 are equal"
    );
    let long: String = (0..1003)
        .map(|index| format!("      - o{index}\n"))
        .collect();
    assert_eq!(
        reported(&format!(
            "services:\n  a:\n    security_opt:\n{long}      - o0\n"
        )),
        "services.a.security_opt items at 0 and 1,003 are equal"
    );
}

#[test]
fn a_failed_one_of_reports_from_its_most_specific_alternative() {
    assert_eq!(
        reported("services:\n  web:\n    environment: 5\n"),
        "services.web.environment must be a mapping"
    );
    // The mapping alternative holds the deeper errors: all of them are listed.
    assert_eq!(
        messages("services:\n  web:\n    build: {context: 1, foo: 1}\n"),
        [
            "services.web.build.context must be a string",
            "services.web.build additional properties 'foo' not allowed",
        ]
    );
}

#[test]
fn the_reported_violation_comes_first_and_the_others_in_document_order() {
    let text = "\
services:
  web:
    foo: 1
    image: 1
    tty: 2
  db:
    volumes: [{type: bind, bar: 1}]
";
    assert_eq!(
        messages(text),
        [
            "services.db.volumes.0 additional properties 'bar' not allowed",
            "services.web additional properties 'foo' not allowed",
            "services.web.image must be a string",
            "services.web.tty must be a boolean or string",
        ]
    );
    // As specific as the unknown `foo`: compose looks at the properties' errors first.
    assert_eq!(
        reported("services:\n  web:\n    foo: 1\n    image: 1\n"),
        "services.web.image must be a string"
    );
}

#[test]
fn keys_that_are_not_strings_are_left_to_the_loader() {
    assert_eq!(
        messages("services:\n  1: {image: a}\n"),
        Vec::<String>::new()
    );
}

mod properties {
    use super::super::validate;
    use crate::yaml;
    use proptest::prelude::*;

    /// Keys the schema knows at several levels, and some it does not.
    const KEYS: [&str; 16] = [
        "services",
        "web",
        "image",
        "ports",
        "environment",
        "build",
        "context",
        "deploy",
        "resources",
        "limits",
        "ulimits",
        "nofile",
        "soft",
        "x-a",
        "volumes",
        "my key",
    ];

    /// A YAML value in flow style, of every kind the reader resolves.
    fn value() -> impl Strategy<Value = String> {
        let scalar = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("2001-12-14".to_owned()),
            Just(".nan".to_owned()),
            any::<i64>().prop_map(|number| number.to_string()),
            any::<f64>().prop_map(|number| format!("{number:?}")),
            "[a-z0-9 :./_-]{0,8}".prop_map(|text| format!("{text:?}")),
        ];
        scalar.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(", "))),
                prop::collection::vec((prop::sample::select(&KEYS[..]), inner), 0..5).prop_map(
                    |entries| {
                        let mut seen = Vec::new();
                        let entries: Vec<String> = entries
                            .into_iter()
                            .filter(|(key, _)| {
                                let new = !seen.contains(key);
                                seen.push(*key);
                                new
                            })
                            .map(|(key, value)| format!("{key:?}: {value}"))
                            .collect();
                        format!("{{{}}}", entries.join(", "))
                    }
                ),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_tree_validates_without_panicking_and_spans_stay_in_the_text(
            service in value(),
            root in value(),
        ) {
            for text in [format!("{{\"services\": {{\"web\": {service}}}}}"), root] {
                let Ok(documents) = yaml::parse(&text) else { continue };
                for violation in validate(&documents[0]) {
                    prop_assert!(violation.span.end <= text.len());
                    prop_assert!(violation.message.starts_with(&violation.path));
                }
            }
        }
    }
}
