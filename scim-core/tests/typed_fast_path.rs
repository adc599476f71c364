//! `User::from_json_str` (and `Group::from_json_str`) give exactly what the generic path gives
//! (`validate(view, serde_json::from_str(text)?, Write::Create)`, then `User::try_from`):
//! the same `User`, or the same error, on the RFC's and the providers' examples and on
//! random User-like requests (known attributes in any case, tolerated forms, wrong types,
//! read-only attributes, unknown attributes and extensions, several primaries, canonical
//! values in other cases, `null`s and empty values).

use std::path::Path;

use proptest::prelude::*;
use scim_core::ScimError;
use scim_core::resource::{Group, User, Write, validate};
use scim_core::schema::{ResourceView, SchemaRegistry};
use serde_json::{Map, Value, json};

const EU: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn generic(text: &str, view: &ResourceView<'_>) -> Result<User, ScimError> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| ScimError::invalid_syntax(err.to_string()))?;
    User::try_from(validate(view, value, Write::Create)?)
}

fn generic_group(text: &str, view: &ResourceView<'_>) -> Result<Group, ScimError> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| ScimError::invalid_syntax(err.to_string()))?;
    Group::try_from(validate(view, value, Write::Create)?)
}

fn same_outcome(text: &str, view: &ResourceView<'_>) -> Result<(), String> {
    agree(text, User::from_json_str(text, view), generic(text, view))
}

fn same_group_outcome(text: &str, view: &ResourceView<'_>) -> Result<(), String> {
    agree(
        text,
        Group::from_json_str(text, view),
        generic_group(text, view),
    )
}

fn agree<T: PartialEq + std::fmt::Debug>(
    text: &str,
    fast: Result<T, ScimError>,
    slow: Result<T, ScimError>,
) -> Result<(), String> {
    match (&fast, &slow) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(a), Err(b))
            if a.status() == b.status()
                && a.scim_type() == b.scim_type()
                && a.detail() == b.detail() =>
        {
            Ok(())
        }
        _ => Err(format!("{text}\nfast: {fast:?}\ngeneric: {slow:?}")),
    }
}

#[test]
fn fixtures_read_the_same_both_ways() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").unwrap();
    let groups = registry.view("Group").unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut count = 0;
    for dir in ["rfc7643", "providers"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let fixture: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let text = serde_json::to_string_pretty(&fixture["input"]).unwrap();
            same_outcome(&text, &view).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            same_group_outcome(&text, &groups)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
        }
    }
    assert!(count >= 8);
}

#[test]
fn normal_form_and_tolerated_forms_agree() {
    let registry = SchemaRegistry::rfc7643();
    let view = registry.view("User").unwrap();
    let cases = [
        json!({"userName": "b", "id": "x", "meta": {"created": 1}, "groups": [{"value": "g"}]}),
        json!({"userName": "b", EU: {"manager": {"value": "m", "displayName": "M"}}}),
        json!({"userName": "b", EU: {"manager": {"displayName": "M"}}}),
        json!({"userName": "b", EU: {}}),
        json!({"userName": "b", "emails": [{"type": "Work"}]}),
        json!({"userName": "b", "emails": [{"primary": true}, {"primary": true}]}),
        json!({"userName": "b", "emails": [{}]}),
        json!({"userName": "b", "name": {}}),
        json!({"userName": "b", "Title": "x"}),
        json!({"userName": "b", "foo": 1, "FOO": 2}),
        json!({"userName": "b", "foo": null}),
        json!({"userName": "b", "schemas": ["urn:example:other"]}),
        json!({"userName": "", "active": true}),
        json!({"active": true}),
        json!({"userName": "b", "urn:example:ext": {"a": 1}}),
        json!([1]),
    ];
    for case in cases {
        same_outcome(&case.to_string(), &view).unwrap();
    }
    same_outcome("{\"userName\": ", &view).unwrap();
    let groups = registry.view("Group").unwrap();
    let group_cases = [
        json!({"displayName": "g", "members": [{"value": "a", "primary": true}, {"value": "b", "primary": true}]}),
        json!({"displayName": "g", "members": [{"value": "a", "display": "A", "Display": "B"}]}),
        json!({"displayName": "g", "members": [{"value": "a", "display": "A"}]}),
        json!({"displayName": "g", "members": [{"value": "a", "type": "user"}]}),
        json!({"displayName": "g", "members": [], "id": "x", "meta": 1}),
        json!({"displayName": "", "members": []}),
        json!({"members": []}),
    ];
    for case in group_cases {
        same_group_outcome(&case.to_string(), &groups).unwrap();
    }
    same_outcome("{\"userName\": \"a\", \"userName\": \"b\"}", &view).unwrap();
}

#[test]
fn another_view_falls_back() {
    let mut registry = SchemaRegistry::rfc7643();
    registry
        .add_schema(scim_core::schema::Schema {
            id: "urn:example:ext".into(),
            name: None,
            description: None,
            attributes: vec![scim_core::schema::Attribute::new(
                "tier",
                scim_core::schema::AttributeType::String,
            )],
            meta: None,
        })
        .unwrap();
    registry
        .add_extension("User", "urn:example:ext", true)
        .unwrap();
    let view = registry.view("User").unwrap();
    same_outcome(&json!({"userName": "b"}).to_string(), &view).unwrap();
    same_outcome(
        &json!({"userName": "b", "urn:example:ext": {"TIER": "gold"}}).to_string(),
        &view,
    )
    .unwrap();
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => "[a-z]{1,6}".prop_map(Value::from),
        3 => prop::sample::select(vec![
            "work", "Work", "home", "HOME", "other", "mobile", "fax", "aim", "photo",
            "Thumbnail", "bogus", "", "True", "false",
        ])
        .prop_map(Value::from),
        2 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => (-3i64..3).prop_map(Value::from),
        1 => Just(json!([])),
        1 => Just(json!({})),
    ]
    .boxed()
}

fn object(keys: Vec<&'static str>, values: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop::collection::vec((prop::sample::select(keys), values), 0..5)
        .prop_map(|entries| {
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>(),
            )
        })
        .boxed()
}

fn string_or_leaf() -> BoxedStrategy<Value> {
    prop_oneof![8 => "[a-z]{1,6}".prop_map(Value::from), 1 => leaf()].boxed()
}

fn multi_value() -> BoxedStrategy<Value> {
    let element = object(
        vec![
            "value", "value", "display", "type", "type", "primary", "Type", "PRIMARY", "$ref",
            "extraSub", "VALUE",
        ],
        prop_oneof![
            4 => string_or_leaf(),
            2 => prop::sample::select(vec!["work", "home", "Work", "mobile", "aim", "photo", "x"])
                .prop_map(Value::from),
            2 => any::<bool>().prop_map(Value::from),
        ]
        .boxed(),
    );
    let clean = (
        "[a-z]{1,4}",
        prop::option::of(prop::sample::select(vec![
            "work", "home", "other", "mobile", "aim",
        ])),
        prop::option::of(any::<bool>()),
        prop::option::of("[a-z]{1,4}"),
    )
        .prop_map(|(value, kind, primary, display)| {
            let mut object = Map::new();
            object.insert("value".into(), value.into());
            if let Some(kind) = kind {
                object.insert("type".into(), kind.into());
            }
            if let Some(primary) = primary {
                object.insert("primary".into(), primary.into());
            }
            if let Some(display) = display {
                object.insert("display".into(), display.into());
            }
            Value::Object(object)
        });
    let element = prop_oneof![3 => clean, 2 => element].boxed();
    prop_oneof![
        8 => prop::collection::vec(element.clone(), 0..4).prop_map(Value::Array),
        1 => element,
        1 => leaf(),
    ]
    .boxed()
}

fn addresses() -> BoxedStrategy<Value> {
    let element = object(
        vec![
            "formatted",
            "streetAddress",
            "locality",
            "country",
            "type",
            "primary",
            "Type",
            "postalcode",
            "extraSub",
        ],
        prop_oneof![
            4 => string_or_leaf(),
            2 => prop::sample::select(vec!["work", "home", "Other", "x"]).prop_map(Value::from),
            1 => any::<bool>().prop_map(Value::from),
        ]
        .boxed(),
    );
    prop_oneof![
        8 => prop::collection::vec(element.clone(), 0..3).prop_map(Value::Array),
        1 => element,
        1 => leaf(),
    ]
    .boxed()
}

fn name() -> BoxedStrategy<Value> {
    prop_oneof![
        8 => object(
            vec!["givenName", "familyName", "formatted", "GIVENNAME", "nickname", "middleName"],
            string_or_leaf(),
        ),
        1 => leaf(),
        1 => prop::collection::vec(object(vec!["givenName"], string_or_leaf()), 0..3)
            .prop_map(Value::Array),
    ]
    .boxed()
}

fn enterprise() -> BoxedStrategy<Value> {
    let manager = prop_oneof![
        6 => object(
            vec!["value", "$ref", "displayName", "DisplayName", "Value", "extraM"],
            string_or_leaf(),
        ),
        1 => string_or_leaf(),
    ]
    .boxed();
    let clean = (
        prop::option::of("[a-z]{1,4}"),
        prop::option::of("[a-z]{1,4}"),
        prop::option::of(prop::option::of("[a-z]{1,4}")),
    )
        .prop_map(|(department, manager, display)| {
            let mut object = Map::new();
            if let Some(department) = department {
                object.insert("department".into(), department.into());
            }
            if let Some(manager) = manager {
                let mut m = Map::new();
                m.insert("value".into(), manager.into());
                if let Some(display) = display {
                    m.insert(
                        "displayName".into(),
                        display.map_or(Value::Null, Value::from),
                    );
                }
                object.insert("manager".into(), Value::Object(m));
            } else if let Some(Some(display)) = display {
                object.insert("manager".into(), json!({"displayName": display}));
            }
            Value::Object(object)
        });
    prop_oneof![
        6 => clean,
        8 => object(
            vec![
                "employeeNumber", "department", "costCenter", "Department", "manager",
                "manager", "Manager", "extraE", "urn:x:y",
            ],
            prop_oneof![3 => string_or_leaf(), 2 => manager].boxed(),
        ),
        1 => leaf(),
    ]
    .boxed()
}

fn schemas() -> BoxedStrategy<Value> {
    let urn = prop::sample::select(vec![
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:core:2.0:user",
        EU,
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "urn:example:ext",
        "title",
    ])
    .prop_map(Value::from);
    prop_oneof![
        6 => prop::collection::vec(urn.clone(), 0..3).prop_map(Value::Array),
        1 => urn,
        1 => leaf(),
    ]
    .boxed()
}

fn member() -> BoxedStrategy<(String, Value)> {
    let keyed = |keys: Vec<&'static str>, values: BoxedStrategy<Value>| {
        (prop::sample::select(keys), values)
            .prop_map(|(k, v)| (k.to_owned(), v))
            .boxed()
    };
    prop_oneof![
        6 => keyed(
            vec![
                "displayName", "nickName", "title", "externalId", "locale", "password",
                "profileUrl", "userType", "TITLE", "externalid", "id", "ID",
                "urn:ietf:params:scim:schemas:core:2.0:User:title",
            ],
            string_or_leaf(),
        ),
        2 => keyed(vec!["active", "Active"], prop_oneof![
            4 => any::<bool>().prop_map(Value::from),
            1 => leaf(),
        ].boxed()),
        6 => keyed(
            vec!["emails", "phoneNumbers", "ims", "photos", "roles", "entitlements",
                 "x509Certificates", "Emails", "groups"],
            multi_value(),
        ),
        2 => keyed(vec!["addresses", "ADDRESSES"], addresses()),
        2 => keyed(vec!["name", "Name"], name()),
        3 => keyed(
            vec![EU, EU, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"],
            enterprise(),
        ),
        2 => keyed(vec!["schemas", "Schemas"], schemas()),
        1 => keyed(vec!["meta", "Meta"], prop_oneof![leaf(), Just(json!({"created": "x"}))].boxed()),
        2 => keyed(vec!["nickname2", "Foo", "foo", "urn:example:ext", "urn:other:thing", "$ref"], leaf()),
    ]
    .boxed()
}

fn request() -> BoxedStrategy<String> {
    let user_name = prop_oneof![
        8 => "[a-z]{1,6}".prop_map(|s| Some(("userName", Value::from(s)))),
        1 => "[a-z]{0,3}".prop_map(|s| Some(("USERNAME", Value::from(s)))),
        1 => leaf().prop_map(|v| Some(("userName", v))),
        1 => Just(None),
    ];
    (user_name, prop::collection::vec(member(), 0..6), 0..3usize)
        .prop_map(|(user_name, members, spot)| {
            let mut object = Map::new();
            let mut user_name = user_name;
            for (i, (key, value)) in members.into_iter().enumerate() {
                if i == spot
                    && let Some((k, v)) = user_name.take()
                {
                    object.insert(k.to_owned(), v);
                }
                object.insert(key, value);
            }
            if let Some((k, v)) = user_name {
                object.insert(k.to_owned(), v);
            }
            Value::Object(object).to_string()
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fast_path_agrees_with_validate(text in request()) {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        if let Err(message) = same_outcome(&text, &view) {
            prop_assert!(false, "{}", message);
        }
    }
}

fn group_request() -> BoxedStrategy<String> {
    let member = prop_oneof![
        4 => ("[a-z]{1,4}", prop::option::of(prop::sample::select(vec!["User", "Group"])))
            .prop_map(|(value, kind)| match kind {
                Some(kind) => json!({"value": value, "type": kind}),
                None => json!({"value": value}),
            }),
        3 => object(
            vec!["value", "$ref", "type", "Type", "display", "primary", "extra", "VALUE"],
            prop_oneof![
                3 => string_or_leaf(),
                2 => prop::sample::select(vec!["User", "group", "Group", "x"]).prop_map(Value::from),
                1 => any::<bool>().prop_map(Value::from),
            ]
            .boxed(),
        ),
    ];
    let members = prop_oneof![
        8 => prop::collection::vec(member.clone(), 0..4).prop_map(Value::Array),
        1 => member.prop_map(|m| m),
        1 => leaf(),
    ];
    let other = (
        prop::sample::select(vec![
            "externalId",
            "id",
            "meta",
            "DisplayName",
            "Members",
            "foo",
            "FOO",
            "urn:x:y",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
        ]),
        string_or_leaf(),
    );
    let schemas = prop::collection::vec(
        prop::sample::select(vec![
            "urn:ietf:params:scim:schemas:core:2.0:Group",
            "urn:ietf:params:scim:schemas:core:2.0:group",
            "urn:ietf:params:scim:schemas:core:2.0:User",
        ]),
        0..2,
    );
    (
        prop::option::of(string_or_leaf()),
        prop::option::of(members),
        prop::collection::vec(other, 0..3),
        prop::option::of(schemas),
    )
        .prop_map(|(display_name, members, others, schemas)| {
            let mut object = Map::new();
            if let Some(schemas) = schemas {
                object.insert("schemas".into(), json!(schemas));
            }
            if let Some(display_name) = display_name {
                object.insert("displayName".into(), display_name);
            }
            if let Some(members) = members {
                object.insert("members".into(), members);
            }
            for (key, value) in others {
                object.insert(key.to_owned(), value);
            }
            Value::Object(object).to_string()
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn group_fast_path_agrees_with_validate(text in group_request()) {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("Group").unwrap();
        if let Err(message) = same_group_outcome(&text, &view) {
            prop_assert!(false, "{}", message);
        }
    }
}
