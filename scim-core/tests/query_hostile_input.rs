//! Property tests of `scim_core::query` on input from the network: any query string, any
//! `/.search` body and any stored values give an answer or a SCIM 400, never a panic, and
//! sorting is a stable total order whatever the values (RFC 7644 §3.4.2.3).

use proptest::prelude::*;
use scim_core::query::{
    ListQuery, QueryLimits, SortOrder, decode_query_string, for_output, list, project, sort,
};
use scim_core::resource::Resource;
use scim_core::schema::SchemaRegistry;
use scim_filter::AttrPath;
use serde_json::{Map, Value, json};

/// Query strings made of the characters that matter to the decoder and the parameters.
fn query_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("filter=".to_owned()),
        Just("count=".to_owned()),
        Just("startIndex=".to_owned()),
        Just("cursor".to_owned()),
        Just("cursor=".to_owned()),
        Just("sortBy=".to_owned()),
        Just("sortOrder=".to_owned()),
        Just("attributes=".to_owned()),
        Just("excludedAttributes=".to_owned()),
        Just("&".to_owned()),
        Just("%".to_owned()),
        Just("%2".to_owned()),
        Just("%FF".to_owned()),
        Just("%C3%A9".to_owned()),
        Just("+".to_owned()),
        Just("\"".to_owned()),
        Just("userName eq \"x\"".to_owned()),
        Just("-99999999999999999999".to_owned()),
        Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value".to_owned()),
        "[a-zA-Z0-9 .,:\\[\\]()$-]{0,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Arbitrary JSON, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e20f64..1e20f64).prop_map(Value::from),
        "[a-zA-Z0-9 :.\"\\\\-]{0,10}".prop_map(Value::String),
        Just(json!("2011-05-13T04:42:34Z")),
        Just(json!("2011-05-13T06:42:34+02:00")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("value".to_owned()),
                    Just("primary".to_owned()),
                    Just("givenName".to_owned()),
                    Just("lastModified".to_owned()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..4
            )
            .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A User whose attributes that filters, sorts and projections read hold anything.
fn user() -> impl Strategy<Value = Resource> {
    (
        json_value(),
        json_value(),
        json_value(),
        json_value(),
        json_value(),
    )
        .prop_map(|(user_name, name, emails, meta, extension)| {
            let mut members = Map::new();
            members.insert("userName".into(), user_name);
            members.insert("name".into(), name);
            members.insert("emails".into(), emails);
            members.insert("meta".into(), meta);
            members.insert(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".into(),
                extension,
            );
            Resource::from_map(members)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any query string is decoded and read into a query, or refused with a 400.
    #[test]
    fn any_query_string_is_answered_or_refused(raw in query_string()) {
        match decode_query_string(&raw).and_then(|pairs| {
            ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT)
        }) {
            Ok(query) => {
                prop_assert!(query.count <= QueryLimits::DEFAULT.max_count);
                prop_assert!(query.start_index() >= 1);
            }
            Err(err) => prop_assert_eq!(err.status().as_u16(), 400),
        }
    }

    /// Any JSON body is read into a query, or refused with a 400.
    #[test]
    fn any_search_body_is_answered_or_refused(body in json_value(), with_schema in any::<bool>()) {
        let body = match (body, with_schema) {
            (Value::Object(mut members), true) => {
                members.insert(
                    "schemas".into(),
                    json!(["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]),
                );
                Value::Object(members)
            }
            (body, _) => body,
        };
        if let Err(err) = ListQuery::from_search_request(&body, &QueryLimits::DEFAULT) {
            prop_assert_eq!(err.status().as_u16(), 400);
        }
    }

    /// Any query over any stored values gives a page or a 400, and the page is consistent.
    #[test]
    fn any_query_over_any_users_is_answered_or_refused(
        raw in query_string(),
        users in prop::collection::vec(user(), 0..6),
    ) {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let stored = users.len();
        let outcome = decode_query_string(&raw)
            .and_then(|pairs| ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT))
            .and_then(|query| list(&view, users, &query).map(|page| (query, page)));
        match outcome {
            Ok((query, page)) => {
                prop_assert!(page.total_results <= stored);
                prop_assert!(page.items_per_page() <= query.count);
                prop_assert!(page.items_per_page() <= page.total_results);
            }
            Err(err) => prop_assert_eq!(err.status().as_u16(), 400),
        }
    }

    /// Sorting any values by the attributes users carry never panics, is stable (a copy of
    /// a resource placed after it stays after it), and is consistent (sorting the sorted
    /// changes nothing), in both directions.
    #[test]
    fn sorting_any_values_is_a_stable_total_order(
        users in prop::collection::vec(user(), 0..10),
        descending in any::<bool>(),
        by in prop_oneof![
            Just("userName"),
            Just("name.givenName"),
            Just("emails"),
            Just("emails.value"),
            Just("meta.lastModified"),
            Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"),
            Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
            Just("unknownAttribute"),
        ],
    ) {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let path = AttrPath::parse(by).unwrap();
        let order = if descending { SortOrder::Descending } else { SortOrder::Ascending };
        let n = users.len();
        let mut items: Vec<Tagged> = users
            .iter()
            .chain(users.iter())
            .cloned()
            .enumerate()
            .map(|(tag, resource)| Tagged(tag, resource))
            .collect();
        sort(&view, &mut items, &path, order).map_err(|err| TestCaseError::fail(err.to_string()))?;
        let once: Vec<usize> = items.iter().map(|t| t.0).collect();
        for original in 0..n {
            let first = once.iter().position(|&tag| tag == original);
            let copy = once.iter().position(|&tag| tag == original + n);
            prop_assert!(first < copy, "copy of {} moved before it: {:?}", original, once);
        }
        sort(&view, &mut items, &path, order).map_err(|err| TestCaseError::fail(err.to_string()))?;
        let twice: Vec<usize> = items.iter().map(|t| t.0).collect();
        prop_assert_eq!(once, twice);
    }

    /// Projection of any stored values never panics and never returns a password.
    #[test]
    fn projection_never_returns_a_password(
        user in user(),
        password in json_value(),
        attributes in prop::collection::vec(
            prop_oneof![Just("password"), Just("userName"), Just("name.givenName"), Just("emails.value")],
            0..3,
        ),
    ) {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let mut user = user;
        user.set("PassWord", password);
        let paths: Vec<AttrPath<'_>> = attributes.iter().map(|a| AttrPath::parse(a).unwrap()).collect();
        let out = project(&view, &user, &paths, &[]);
        let has_password = out
            .as_object()
            .is_some_and(|members| members.keys().any(|k| k.eq_ignore_ascii_case("password")));
        prop_assert!(!has_password);
        let out = for_output(&view, &user);
        prop_assert!(out.get("PassWord").is_none());
    }
}

/// A resource with its place in the input, to check where the sort put it.
#[derive(Debug)]
struct Tagged(usize, Resource);

impl scim_core::resource::Attributes for Tagged {
    fn attributes(&self) -> &serde_json::Map<String, serde_json::Value> {
        self.1.as_map()
    }
}
