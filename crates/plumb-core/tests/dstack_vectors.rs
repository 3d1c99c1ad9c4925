//! Every dstack measurement vector: the real deployment's files (tests/vectors/dstack), the
//! dstack SDKs' canonical compose-hash vectors, and vmm-cli's worked example in both of
//! plumb's styles.

use plumb_core::dstack::{
    AppComposeSettings, ComparisonOutcome, EventLogVersion, EventOutcome, Style, measure,
    read_report, verify, write_app_compose,
};
use plumb_core::hex;

const REAL_APP_COMPOSE: &[u8] =
    include_bytes!("../../../tests/vectors/dstack/rtmr3-based-app-compose.json");
const REAL_REPORT: &str = include_str!("../../../tests/vectors/dstack/rtmr3-based-report.json");

#[test]
fn the_real_app_compose_measures_as_the_deployment_did() {
    let measurement = measure(REAL_APP_COMPOSE, None).unwrap();
    assert_eq!(
        hex::encode(&measurement.compose_hash),
        "06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff"
    );
    assert_eq!(
        hex::encode(&measurement.app_id),
        "06768e6df639ce3be65e9e5321f8b2d82dbffb01"
    );
    assert_eq!(
        hex::encode(measurement.compose_event()),
        "f50a57024906cde893dcffa6d2f05a9bcf94cb7632f3738c7541888f6c4ef6162990834d8e2a72a57a341a0e1c6fe603"
    );
}

#[test]
fn the_real_report_replays_to_its_rtmr3() {
    let report = read_report(REAL_REPORT).unwrap();
    let measurement = measure(REAL_APP_COMPOSE, None).unwrap();
    let verification = verify(&report, Some(&measurement)).unwrap();
    assert_eq!(verification.events.len(), 8);
    assert!(
        verification
            .events
            .iter()
            .all(|event| event.outcome == EventOutcome::Recomputed(EventLogVersion::V1))
    );
    assert_eq!(
        hex::encode(&verification.registers[3].replayed),
        "45c2309ffdc521edbed3f5e651c250dac0e50306d2f93b639f74d60f910b498ca8c489cedae7719c4b052f3e4eadf3a4"
    );
    assert!(
        verification
            .registers
            .iter()
            .all(|register| register.matches())
    );
    let outcomes: Vec<_> = verification
        .app_compose
        .iter()
        .map(|comparison| (comparison.what, &comparison.outcome))
        .collect();
    assert_eq!(outcomes[0], ("compose-hash", &ComparisonOutcome::Match));
    assert_eq!(outcomes[1], ("app-id", &ComparisonOutcome::Match));
    assert!(matches!(
        outcomes[2],
        ("mr_config_id", ComparisonOutcome::NotCompared(_))
    ));
    assert!(verification.passed());
}

#[test]
fn one_changed_byte_of_the_event_log_or_the_app_compose_fails() {
    let report = read_report(REAL_REPORT).unwrap();
    let measurement = measure(REAL_APP_COMPOSE, None).unwrap();
    // Any logged digest: its register no longer replays to the quote's.
    for event in 0..report.events.len() {
        let mut changed = report.clone();
        changed.events[event].digest[0] ^= 1;
        assert!(
            !verify(&changed, None).unwrap().passed(),
            "digest of event {event}"
        );
    }
    // An RTMR3 event's name or payload: its digest is recomputed from them. (Firmware
    // events of RTMR0-2 are taken with their logged digests.)
    for event in 0..report.events.len() {
        if report.events[event].imr != 3 {
            continue;
        }
        let mut changed = report.clone();
        changed.events[event].name.push('x');
        assert!(
            !verify(&changed, None).unwrap().passed(),
            "name of event {event}"
        );
        if report.events[event].payload.is_empty() {
            continue;
        }
        let mut changed = report.clone();
        changed.events[event].payload[0] ^= 1;
        assert!(
            !verify(&changed, Some(&measurement)).unwrap().passed(),
            "payload of event {event}"
        );
    }

    let mut app_compose = REAL_APP_COMPOSE.to_vec();
    // One byte of the app's name: the file is still valid, its hash another.
    let name = app_compose
        .windows(8)
        .position(|window| window == b"kvin-nb1")
        .unwrap();
    app_compose[name + 7] = b'2';
    let other = measure(&app_compose, None).unwrap();
    let verification = verify(&report, Some(&other)).unwrap();
    assert!(!verification.passed());
    assert!(matches!(
        verification.app_compose[0].outcome,
        ComparisonOutcome::Mismatch(_)
    ));
}

/// The dstack SDKs' `getComposeHash` hashes the canonical form (keys sorted, compact, raw
/// UTF-8): sha256 of plumb's canonical JSON of each input (research/dstack.md §2.5 (b)).
#[test]
fn the_sdk_canonical_vectors() {
    let vectors = [
        (
            r#"{"runner":"docker-compose"}"#,
            "1120e42a7b5f2ca50128696ea414771441b4fa92373427108a7173181cc80b55",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"services:\n  app:\n    image: nginx\n"}"#,
            "1ce6eb200cb550901bf9d1f3b30d3a2a678ae6a7dc7d78ff226dd41d78dbb355",
        ),
        (
            r#"{"manifest_version":1,"name":"my-app","runner":"docker-compose","docker_compose_file":"docker-compose.yml","docker_config":{"registry":"docker.io","username":"myuser","token_key":"token123"},"features":["legacy-feature"],"public_logs":true,"public_sysinfo":false,"public_tcbinfo":true,"kms_enabled":true,"gateway_enabled":false,"tproxy_enabled":true,"local_key_provider_enabled":true,"key_provider":"kms","key_provider_id":"abcd1234","allowed_envs":["NODE_ENV","PORT"],"no_instance_id":false,"secure_time":true,"pre_launch_script":"echo 'Starting...'"}"#,
            "9e16e3de034ac9537fd436c3a579785450dde60508c288ffc11bd90adfbbdcdf",
        ),
        (
            r#"{"runner":"bash","bash_script":"start.sh"}"#,
            "75a6f53f70c26c8f7b545f48c2f5ef2f76c27d13f7034be1021cf25f5d9853d2",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"docker-compose.yml"}"#,
            "6148eabae40413a5c15aeab33343e7a219edc0cda2c2556add9a96ec76d61b11",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"docker-compose.yml","requirements":{"os_version":"0.5.4","platforms":["dstack-tdx","dstack-gcp-tdx"],"tdx_measure_acpi_tables":true,"launch_token_hash":"deadbeef"}}"#,
            "36348dde5e4c20fc09d7a2399405866301dd6afd5e75978b3876270543470406",
        ),
        (
            r#"{"runner":"nerdctl-compose","docker_compose_file":"docker-compose.yml","snapshotter":"stargz"}"#,
            "872e2833c1d8915bb61718f8bebb018ece4244e5e6d1d3bb611375b475cf9d4f",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"docker-compose.yml","future_policy":{"enabled":true,"limits":[1,2,3]}}"#,
            "c43b5c245b0f5ee1380784e8edc1180846d6f1fdf279a7a80174466647e049b5",
        ),
        (
            r#"{"runner":"docker-compose","text":"你好世界","description":"🚀 Deploy"}"#,
            "735ef5a6a9ac2405dda08948b551c9c7b529f4e4b790d6784ff5e2ee2e394f41",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"docker-compose.yml","port_policy":{"ports":[{"port":443,"pp":true},{"port":8080,"pp":false}],"restrict_mode":true}}"#,
            "6be823decce06179698ee6fd087d82951c21ba6a24ba6419a6801b0be1ce2bdc",
        ),
        (
            r#"{"runner":"docker-compose","storage_fs":"zfs","swap_size":"2G"}"#,
            "b140f74b52ae10dc42efe16e4368784b60f755ada3781a0be8b8aafae6a6ab86",
        ),
        (
            r#"{"runner":"docker-compose","init_script":["echo one","echo two"]}"#,
            "8c35247d5b685a8d24b97182f3b0a4e3c1ab6d8eecee6704424a0de0dd8a66a3",
        ),
        (
            r#"{"runner":"docker-compose","event_log_version":2}"#,
            "8d1f7a3b6a6fc64236667a69c7618c5075d85d4c3afd8fb9a4b0c733b60ae8f5",
        ),
        (
            r#"{"runner":"docker-compose","verity_volumes":[{"source":"data.img","verity_root":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff","target":"/mnt/data"}]}"#,
            "3eb00892f370ab31f854172991b655a0880ccb7786d121dfb75cbd9b038df19f",
        ),
        (
            r#"{"runner":"docker-compose","key_provider":"tpm","key_provider_id":"aabb"}"#,
            "e4bfbeaf851f73b873f04e74cc5699668dc282bd96e15dbf0ab1e5e05cc2ca76",
        ),
        (
            r#"{"runner":"docker-compose","docker_compose_file":"services:\n  app:\n    command: sh -c \"migrate && serve\"\n"}"#,
            "bc86cfbcfe7da69519337f0a9d782d131b8b5174c56687f1c1442fd97bc36a7b",
        ),
        (
            r#"{"runner":"docker-compose","requirements":{"os_version":">=0.6.0"}}"#,
            "60a87802e72b8dbb07f1f50a07465e7e1af4994a4f434dc0398c1339cf05357d",
        ),
        (
            r#"{"runner":"docker-compose","name":"a<b>c"}"#,
            "5c3fd99daeb46af71c7e127d53ed041bfc9c1935b60992eee8f8d5a02181f483",
        ),
        (
            r#"{"runner":"docker-compose","requirements":{"gpu_policy":{"rego":"package policy\nnv_match := true"}}}"#,
            "a5032c9af6ccb3403062e80def3b41d4308753da5237735d99c913484fc75865",
        ),
        (
            r#"{"runner":"docker-compose","requirements":{"gpu_policy":{}}}"#,
            "4a691b287d3991fa248e7efd982c90b94f34b56d23037cdf724597198407dfda",
        ),
    ];
    assert_eq!(vectors.len(), 20);
    for (input, expected) in vectors {
        let value: serde_json::Value = serde_json::from_str(input).unwrap();
        let canonical = plumb_core::canonical_json::to_vec(&value).unwrap();
        let measurement = measure(&canonical, None).unwrap();
        assert_eq!(hex::encode(&measurement.compose_hash), expected, "{input}");
    }
}

/// research/dstack.md §2.5 (c): `vmm-cli.py compose --name hello --kms --gateway
/// --env-file <API_KEY>` on a digest-pinned nginx compose file.
#[test]
fn the_worked_example_in_both_styles() {
    let compose = "services:\n  web:\n    image: nginx@sha256:eee5eae48e79b2e75178328c7c585b89d676eaae616f03f9a1813aaed820745a\n    ports:\n      - \"80:80\"\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n";
    let settings = AppComposeSettings {
        name: "hello".into(),
        kms: true,
        gateway: true,
        allowed_envs: vec!["API_KEY".into()],
        ..AppComposeSettings::default()
    };
    let expected = [
        (
            Style::VmmCli,
            597,
            "77f8b8b9ae9d4b450cd9a4599d17a34c90f21cb6576760a24fef0cfd1346a109",
            "0177f8b8b9ae9d4b450cd9a4599d17a34c90f21cb6576760a24fef0cfd1346a109000000000000000000000000000000",
            "9e5b7a4d5db9fb98885a1305c041e1e9b71ad2c83ec07316295b535233a341fb3bc7263343806f87241f4945aadec835",
            "131e37730666f2e04b8ddd192df089fe26a41aa36891a4b56e976ea225842d4e0dbb10c0c07580aaf9ea3c118b4d955d",
        ),
        (
            Style::Canonical,
            504,
            "205c83d83321776d91670aae516af6fc4157cdb9716b85ca7609a16e534ca019",
            "01205c83d83321776d91670aae516af6fc4157cdb9716b85ca7609a16e534ca019000000000000000000000000000000",
            "da27592c4275543c062ac675341d637541f458f2b6fef220304517178e52767765c8063f8b5ffa7a01dfec1dc87f973d",
            "b59339712d0ba5ab3017d6a3aed7be22782be29a85ef09ee6aed34477ff58a3c8cb4f7718ea50259e3bee5f85d94ec3a",
        ),
    ];
    for (style, length, compose_hash, mr_config_id, event_v1, event_v2) in expected {
        let bytes = write_app_compose(compose, &settings, style).unwrap();
        assert_eq!(bytes.len(), length, "{}", String::from_utf8_lossy(&bytes));
        let measurement = measure(&bytes, None).unwrap();
        assert_eq!(hex::encode(&measurement.compose_hash), compose_hash);
        assert_eq!(hex::encode(&measurement.app_id), &compose_hash[..40]);
        assert_eq!(measurement.mr_config.version, 1);
        assert_eq!(hex::encode(&measurement.mr_config.id), mr_config_id);
        assert_eq!(hex::encode(&measurement.compose_event_v1), event_v1);
        assert_eq!(hex::encode(&measurement.compose_event_v2), event_v2);
    }
}
