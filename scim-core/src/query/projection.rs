//! Which attributes of a resource a response carries: `attributes` and `excludedAttributes`
//! (RFC 7644 §3.4.2.5, §3.9) under each attribute's `returned` characteristic (RFC 7643 §7).

use scim_filter::AttrPath;
use serde_json::{Map, Value};

use crate::resource::Resource;
use crate::schema::{Attribute, ResourceView, Returned};

/// The representation of `resource` that a response carries, given the `attributes` and
/// `excludedAttributes` of the request (RFC 7644 §3.4.2.5, §3.9) and the `returned`
/// characteristic of each attribute (RFC 7643 §7):
///
/// - `always` (`id`, `schemas`, and any attribute a schema marks so) is always present,
///   whatever the parameters say;
/// - `never` (`password`) is never present;
/// - `default` is present unless `excludedAttributes` names it, or `attributes` is given
///   and does not name it;
/// - `request` is present only when `attributes` names it.
///
/// Names are matched without case (RFC 7643 §2.1). A path may be:
/// - an attribute (`emails`): all of it that may be returned;
/// - a sub-attribute (`name.givenName`, `emails.value`): in `attributes`, only the named
///   sub-attributes of the attribute, in every element of a multi-valued one (plus
///   sub-attributes returned `always`); in `excludedAttributes`, those sub-attributes
///   removed;
/// - URN-qualified: with the core schema's URN it names a top-level attribute
///   (`urn:ietf:params:scim:schemas:core:2.0:User:userName`), with an extension's URN an
///   attribute inside the extension's object; the extension's URN alone names the whole
///   extension. The core schema's URN alone names nothing: RFC 7644 gives it no meaning
///   there, and `id` and `schemas` are returned anyway.
///
/// With both parameters, `attributes` chooses and `excludedAttributes` then removes (never
/// an `always` attribute). Attributes and extensions no schema describes were stored, so
/// they are treated as `returned: default`. A complex attribute, element or extension left
/// with nothing is left out.
///
/// `schemas` is kept consistent with the content, as RFC 7643 §3 has it list the schemas
/// "that define the attributes present": an extension's URN is dropped when none of its
/// data remains (the RFC does not say either way; a client that reads `schemas` to find
/// extensions then finds what is there). The core schema's URN always stays.
///
/// ```
/// use scim_core::query::project;
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use scim_filter::AttrPath;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// let user = Resource::from_json(json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", enterprise],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "password": "t1meMa$heen",
///     "name": {"givenName": "Barbara", "familyName": "Jensen"},
///     enterprise: {"employeeNumber": "701984"},
/// }))?;
///
/// // RFC 7644 §3.9: `attributes=userName` leaves the minimum and what was named.
/// let only = project(&view, &user, &[AttrPath::parse("userName")?, AttrPath::parse("name.givenName")?], &[]);
/// assert_eq!(only, json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "name": {"givenName": "Barbara"},
/// }));
///
/// // `excludedAttributes` removes from the default set; `id` cannot be excluded.
/// let without = project(&view, &user, &[], &[AttrPath::parse("name")?, AttrPath::parse("id")?]);
/// assert_eq!(without, json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", enterprise],
///     "id": "2819c223",
///     "userName": "bjensen",
///     enterprise: {"employeeNumber": "701984"},
/// }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn project(
    view: &ResourceView<'_>,
    resource: &Resource,
    attributes: &[AttrPath<'_>],
    excluded: &[AttrPath<'_>],
) -> Value {
    Projection::new(view, attributes, excluded).apply(resource.as_map())
}

/// The representation of `resource` when the request names no attributes: everything but
/// what is never returned (`password`) or returned only on request (RFC 7643 §7).
///
/// ```
/// use scim_core::query::for_output;
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let user = Resource::from_json(json!({"id": "1", "userName": "bjensen", "password": "secret"}))?;
/// assert_eq!(for_output(&view, &user), json!({"id": "1", "userName": "bjensen"}));
/// # Ok::<(), scim_core::ScimError>(())
/// ```
pub fn for_output(view: &ResourceView<'_>, resource: &Resource) -> Value {
    project(view, resource, &[], &[])
}

/// `attributes` and `excludedAttributes`, resolved once against a resource type, to apply
/// to any number of its resources.
#[derive(Debug)]
pub(crate) struct Projection<'v, 'q> {
    view: &'v ResourceView<'v>,
    /// Whether `attributes` was given (even if it named nothing this type has).
    restricted: bool,
    attributes: Vec<Target<'q>>,
    excluded: Vec<Target<'q>>,
}

/// What one path points at.
#[derive(Debug)]
struct Target<'q> {
    /// The path as written: it names a whole extension when it is that extension's URN.
    text: &'q str,
    /// The extension URN it was qualified with; `None` for the core schema or no URN.
    container: Option<&'q str>,
    name: &'q str,
    sub: Option<&'q str>,
}

/// What a list of paths asks of one attribute.
#[derive(Debug, PartialEq)]
enum Picked<'q> {
    Nothing,
    Whole,
    Subs(Vec<&'q str>),
}

/// Which sub-attributes of a kept attribute stay (besides `always` ones, which stay, and
/// `never` ones, which go).
#[derive(Debug)]
enum SubMode<'q> {
    /// The default set (`default`) and any named ones.
    Default(Vec<&'q str>),
    /// Every one: the attribute was named whole.
    All,
    /// Only those named.
    Only(Vec<&'q str>),
}

impl<'v, 'q> Projection<'v, 'q> {
    pub(crate) fn new(
        view: &'v ResourceView<'v>,
        attributes: &'q [AttrPath<'_>],
        excluded: &'q [AttrPath<'_>],
    ) -> Self {
        let core = view.core_schema().id.as_str();
        let target = |path: &'q AttrPath<'_>| Target {
            text: path.as_str(),
            container: path.uri().filter(|uri| !uri.eq_ignore_ascii_case(core)),
            name: path.name(),
            sub: path.sub_attr(),
        };
        Projection {
            view,
            restricted: !attributes.is_empty(),
            attributes: attributes.iter().map(target).collect(),
            excluded: excluded.iter().map(target).collect(),
        }
    }

    pub(crate) fn apply(&self, resource: &Map<String, Value>) -> Value {
        let mut out = Map::new();
        let mut schemas = None;
        for (key, value) in resource {
            if key.eq_ignore_ascii_case("schemas") {
                schemas = Some((key, value));
            } else if key.contains(':') && value.is_object() {
                if let Some(extension) = self.extension(key, value) {
                    out.insert(key.clone(), extension);
                }
            } else {
                let definition = self.view.attribute_of(None, key);
                let asked = self.picked(&self.attributes, None, key);
                let excluded = self.picked(&self.excluded, None, key);
                if let Some(kept) = self.attribute(definition, value, asked, excluded) {
                    out.insert(key.clone(), kept);
                }
            }
        }
        if let Some((key, value)) = schemas {
            out.insert(key.clone(), self.schemas(value, &out));
        }
        Value::Object(out)
    }

    /// An extension's object (RFC 7643 §3.3): its own attributes under the same rules.
    fn extension(&self, urn: &str, value: &Value) -> Option<Value> {
        let members = value.as_object()?;
        let mut out = Map::new();
        for (name, value) in members {
            let definition = self.view.attribute_of(Some(urn), name);
            let asked = self.picked(&self.attributes, Some(urn), name);
            let excluded = self.picked(&self.excluded, Some(urn), name);
            if let Some(kept) = self.attribute(definition, value, asked, excluded) {
                out.insert(name.clone(), kept);
            }
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// What `targets` ask of attribute `name` in `container` (`None`: the top level).
    fn picked(&self, targets: &[Target<'q>], container: Option<&str>, name: &str) -> Picked<'q> {
        let mut subs = Vec::new();
        for target in targets {
            let whole_key = target.text.eq_ignore_ascii_case(match container {
                Some(urn) => urn,
                None => name,
            });
            let same_container = match (target.container, container) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            let here = same_container && target.name.eq_ignore_ascii_case(name);
            match target.sub {
                _ if whole_key => return Picked::Whole,
                None if here => return Picked::Whole,
                Some(sub) if here => subs.push(sub),
                _ => {}
            }
        }
        if subs.is_empty() {
            Picked::Nothing
        } else {
            Picked::Subs(subs)
        }
    }

    /// One attribute's value as returned, or `None` when it is left out.
    fn attribute(
        &self,
        definition: Option<&Attribute>,
        value: &Value,
        asked: Picked<'q>,
        excluded: Picked<'q>,
    ) -> Option<Value> {
        let returned = definition.map_or(Returned::Default, |d| d.returned);
        let mode = match (returned, asked) {
            (Returned::Never, _) => return None,
            // RFC 7644 §3.4.2.5: excludedAttributes "SHALL have no effect" on these.
            (Returned::Always, Picked::Whole) => SubMode::All,
            (Returned::Always, Picked::Subs(subs)) => SubMode::Default(subs),
            (Returned::Always, Picked::Nothing) => SubMode::Default(Vec::new()),
            (_, _) if excluded == Picked::Whole => return None,
            (_, Picked::Whole) => SubMode::All,
            (_, Picked::Subs(subs)) => SubMode::Only(subs),
            (Returned::Default, Picked::Nothing) if !self.restricted => {
                SubMode::Default(Vec::new())
            }
            (_, Picked::Nothing) => return None,
        };
        let excluded_subs = match excluded {
            Picked::Subs(subs) => subs,
            Picked::Nothing | Picked::Whole => Vec::new(),
        };
        let keep = |name: &str| {
            let sub_returned = definition
                .and_then(|d| d.sub_attribute(name))
                .map_or(Returned::Default, |s| s.returned);
            let named = |subs: &[&str]| subs.iter().any(|s| s.eq_ignore_ascii_case(name));
            match sub_returned {
                Returned::Never => false,
                Returned::Always => true,
                _ if named(&excluded_subs) => false,
                sub_returned => match &mode {
                    SubMode::All => true,
                    SubMode::Only(subs) => named(subs),
                    SubMode::Default(subs) => sub_returned == Returned::Default || named(subs),
                },
            }
        };
        keep_members(value, &keep)
    }

    /// `schemas`, without extension URNs whose data is not in `out`.
    fn schemas(&self, value: &Value, out: &Map<String, Value>) -> Value {
        let Value::Array(urns) = value else {
            return value.clone();
        };
        let core = &self.view.core_schema().id;
        let present = |urn: &str| {
            urn.eq_ignore_ascii_case(core) || out.keys().any(|k| k.eq_ignore_ascii_case(urn))
        };
        Value::Array(
            urns.iter()
                .filter(|urn| urn.as_str().is_some_and(present))
                .cloned()
                .collect(),
        )
    }
}

/// The value with only the members `keep` allows: in the value itself when it is an object,
/// in each element that is an object when it is an array (values are never nested deeper
/// in SCIM, RFC 7643 §2.3.8, so deeper arrays are kept as they are). `None` when nothing is
/// left of a value that had something.
fn keep_members(value: &Value, keep: &dyn Fn(&str) -> bool) -> Option<Value> {
    let filter = |members: &Map<String, Value>| -> Option<Value> {
        let kept: Map<String, Value> = members
            .iter()
            .filter(|(name, _)| keep(name))
            .map(|(name, v)| (name.clone(), v.clone()))
            .collect();
        (!kept.is_empty() || members.is_empty()).then_some(Value::Object(kept))
    };
    match value {
        Value::Object(members) => filter(members),
        Value::Array(elements) => {
            let kept: Vec<Value> = elements
                .iter()
                .filter_map(|element| match element {
                    Value::Object(members) => filter(members),
                    other => Some(other.clone()),
                })
                .collect();
            (!kept.is_empty() || elements.is_empty()).then_some(Value::Array(kept))
        }
        scalar => Some(scalar.clone()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::{AttributeType, Schema, SchemaRegistry};

    const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const CUSTOM: &str = "urn:example:params:scim:schemas:extension:custom:1.0:User";

    fn bjensen() -> Resource {
        Resource::from_json(json!({
            "schemas": [USER, ENTERPRISE, CUSTOM],
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "701984",
            "userName": "bjensen@example.com",
            "password": "t1meMa$heen",
            "name": {"familyName": "Jensen", "givenName": "Barbara", "formatted": "Ms. Barbara J Jensen, III"},
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "nickName": "Babs",
            "meta": {"resourceType": "User", "location": "https://example.com/v2/Users/2819c223"},
            ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "26118915", "displayName": "John Smith"}},
            CUSTOM: {"badge": 7},
            "favoriteColor": "green",
        }))
        .unwrap()
    }

    fn paths(texts: &[&str]) -> Vec<AttrPath<'static>> {
        texts
            .iter()
            .map(|t| AttrPath::parse(t).unwrap().into_owned())
            .collect()
    }

    fn user_projection(attributes: &[&str], excluded: &[&str]) -> Value {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        project(&view, &bjensen(), &paths(attributes), &paths(excluded))
    }

    /// The member names, sorted: JSON objects are unordered, and serde_json keeps insertion
    /// order when another crate of the build enables its `preserve_order`.
    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn rfc7643_s7_default_output_drops_only_never_returned() {
        let out = user_projection(&[], &[]);
        let mut expected = bjensen().into_json();
        expected.as_object_mut().unwrap().remove("password");
        assert_eq!(out, expected);
    }

    #[test]
    fn rfc7644_s3_9_attributes_keep_the_minimum_and_the_named() {
        let out = user_projection(&["userName"], &[]);
        assert_eq!(
            out,
            json!({
                "schemas": [USER],
                "id": "2819c223-7f76-453a-919d-413861904646",
                "userName": "bjensen@example.com",
            })
        );
    }

    #[test]
    fn rfc7643_s7_never_returned_even_when_named() {
        let out = user_projection(&["password", "userName"], &[]);
        assert_eq!(keys(&out), ["id", "schemas", "userName"]);
    }

    #[test]
    fn rfc7644_s3_4_2_5_always_returned_cannot_be_excluded() {
        let out = user_projection(&[], &["id", "schemas", "userName"]);
        assert_eq!(out["id"], "2819c223-7f76-453a-919d-413861904646");
        assert!(out.get("schemas").is_some());
        assert!(out.get("userName").is_none());
    }

    #[test]
    fn rfc7644_s3_4_2_5_sub_attributes_select_within_elements() {
        let out = user_projection(&["name.givenName", "emails.value"], &[]);
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
        assert_eq!(
            out["emails"],
            json!([{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}])
        );
        assert!(out.get("nickName").is_none());
    }

    #[test]
    fn rfc7644_s3_4_2_5_excluded_sub_attributes_are_removed() {
        let out = user_projection(&[], &["emails.type", "name.formatted", "meta.location"]);
        assert_eq!(
            out["emails"],
            json!([
                {"value": "bjensen@example.com", "primary": true},
                {"value": "babs@jensen.org"}
            ])
        );
        assert_eq!(
            out["name"],
            json!({"familyName": "Jensen", "givenName": "Barbara"})
        );
        assert_eq!(out["meta"], json!({"resourceType": "User"}));
    }

    #[test]
    fn names_match_without_case() {
        let out = user_projection(&["USERNAME", "Name.GIVENNAME"], &["NickName"]);
        assert_eq!(out["userName"], "bjensen@example.com");
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
    }

    #[test]
    fn core_urn_qualified_names_are_top_level() {
        let out = user_projection(
            &[
                format!("{USER}:userName").as_str(),
                format!("{USER}:name.familyName").as_str(),
            ],
            &[],
        );
        assert_eq!(out["userName"], "bjensen@example.com");
        assert_eq!(out["name"], json!({"familyName": "Jensen"}));
        let out = user_projection(&[], &[format!("{USER}:emails").as_str()]);
        assert!(out.get("emails").is_none());
    }

    #[test]
    fn extension_urn_qualified_names_select_inside_the_extension() {
        let out = user_projection(&[format!("{ENTERPRISE}:manager.displayName").as_str()], &[]);
        assert_eq!(
            out[ENTERPRISE],
            json!({"manager": {"displayName": "John Smith"}})
        );
        assert_eq!(out["schemas"], json!([USER, ENTERPRISE]));
        // An unqualified name is a core attribute, not the extension's.
        let out = user_projection(&["employeeNumber"], &[]);
        assert!(out.get(ENTERPRISE).is_none());
    }

    #[test]
    fn the_extension_urn_alone_names_the_whole_extension() {
        let out = user_projection(&[ENTERPRISE], &[]);
        assert_eq!(out[ENTERPRISE], bjensen().get(ENTERPRISE).unwrap().clone());
        let out = user_projection(&[], &[ENTERPRISE]);
        assert!(out.get(ENTERPRISE).is_none());
        assert_eq!(out["schemas"], json!([USER, CUSTOM]));
    }

    #[test]
    fn unknown_attributes_and_extensions_are_returned_by_default() {
        let out = user_projection(&[], &[]);
        assert_eq!(out["favoriteColor"], "green");
        assert_eq!(out[CUSTOM], json!({"badge": 7}));
        let out = user_projection(&["favoriteColor", format!("{CUSTOM}:badge").as_str()], &[]);
        assert_eq!(out["favoriteColor"], "green");
        assert_eq!(out[CUSTOM], json!({"badge": 7}));
        assert_eq!(out["schemas"], json!([USER, CUSTOM]));
        let out = user_projection(&[], &[format!("{CUSTOM}:badge").as_str(), "favoriteColor"]);
        assert!(out.get(CUSTOM).is_none() && out.get("favoriteColor").is_none());
    }

    #[test]
    fn schemas_drop_extensions_without_data() {
        let out = user_projection(&["userName"], &[]);
        assert_eq!(out["schemas"], json!([USER]));
    }

    #[test]
    fn attributes_then_excluded_attributes_compose() {
        let out = user_projection(&["name", "emails"], &["name.familyName", "emails"]);
        assert_eq!(
            out["name"],
            json!({"givenName": "Barbara", "formatted": "Ms. Barbara J Jensen, III"})
        );
        assert!(out.get("emails").is_none());
    }

    #[test]
    fn elements_left_empty_are_dropped() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let user = Resource::from_json(json!({
            "id": "1",
            "emails": [{"value": "a@example.com"}, {"type": "home"}],
            "name": {"formatted": "A"},
        }))
        .unwrap();
        let out = project(
            &view,
            &user,
            &paths(&["emails.value", "name.givenName"]),
            &[],
        );
        assert_eq!(
            out,
            json!({"id": "1", "emails": [{"value": "a@example.com"}]})
        );
    }

    /// A registry whose User has a `request`-returned attribute and an `always`-returned
    /// one with a `never`-returned sub-attribute.
    fn custom_registry() -> SchemaRegistry {
        let mut registry = SchemaRegistry::rfc7643();
        let mut secret = Attribute::new("apiKey", AttributeType::Complex);
        secret.returned = Returned::Always;
        secret.sub_attributes = vec![
            Attribute::new("label", AttributeType::String),
            Attribute {
                returned: Returned::Never,
                ..Attribute::new("hash", AttributeType::String)
            },
            Attribute {
                returned: Returned::Request,
                ..Attribute::new("createdBy", AttributeType::String)
            },
        ];
        let schema = Schema {
            id: CUSTOM.into(),
            name: Some("Custom".into()),
            description: None,
            attributes: vec![
                Attribute {
                    returned: Returned::Request,
                    ..Attribute::new("badge", AttributeType::Integer)
                },
                secret,
            ],
            meta: None,
        };
        registry.add_schema(schema).unwrap();
        registry.add_extension("User", CUSTOM, false).unwrap();
        registry
    }

    #[test]
    fn rfc7643_s7_request_returned_only_when_named() {
        let registry = custom_registry();
        let view = registry.view("User").unwrap();
        let user = Resource::from_json(json!({
            "schemas": [USER, CUSTOM],
            "id": "1",
            "userName": "b",
            CUSTOM: {"badge": 7, "apiKey": {"label": "ci", "hash": "x", "createdBy": "admin"}},
        }))
        .unwrap();
        // Default: `badge` (request) and `apiKey.createdBy` (request) are left out,
        // `apiKey.hash` (never) too; `apiKey` (always) stays.
        let out = for_output(&view, &user);
        assert_eq!(out[CUSTOM], json!({"apiKey": {"label": "ci"}}));
        // Named: `badge` is returned; `apiKey` stays although not named.
        let out = project(
            &view,
            &user,
            &paths(&[format!("{CUSTOM}:badge").as_str()]),
            &[],
        );
        assert_eq!(out[CUSTOM], json!({"badge": 7, "apiKey": {"label": "ci"}}));
        // Naming the sub-attribute returns it; naming `apiKey` whole returns all but `hash`.
        let out = project(
            &view,
            &user,
            &paths(&[format!("{CUSTOM}:apiKey.createdBy").as_str()]),
            &[],
        );
        assert_eq!(
            out[CUSTOM],
            json!({"apiKey": {"label": "ci", "createdBy": "admin"}})
        );
        let out = project(
            &view,
            &user,
            &paths(&[format!("{CUSTOM}:apiKey").as_str()]),
            &[],
        );
        assert_eq!(
            out[CUSTOM],
            json!({"apiKey": {"label": "ci", "createdBy": "admin"}})
        );
        // Excluding an always attribute has no effect.
        let out = project(
            &view,
            &user,
            &[],
            &paths(&[format!("{CUSTOM}:apiKey").as_str(), CUSTOM]),
        );
        assert_eq!(out[CUSTOM], json!({"apiKey": {"label": "ci"}}));
        assert_eq!(out["schemas"], json!([USER, CUSTOM]));
    }

    #[test]
    fn group_members_can_be_excluded_as_entra_id_asks() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("Group").unwrap();
        let group = Resource::from_json(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "e9e30dba",
            "displayName": "Tour Guides",
            "members": [{"value": "2819c223", "$ref": "https://example.com/v2/Users/2819c223"}],
        }))
        .unwrap();
        let out = project(&view, &group, &[], &paths(&["members"]));
        assert_eq!(
            out,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "id": "e9e30dba",
                "displayName": "Tour Guides",
            })
        );
        let out = project(&view, &group, &paths(&["members.$ref"]), &[]);
        assert_eq!(
            out["members"],
            json!([{"$ref": "https://example.com/v2/Users/2819c223"}])
        );
    }

    #[test]
    fn simple_multi_valued_and_nested_values_are_kept_whole() {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let user = Resource::from_json(json!({
            "id": "1",
            "tags": ["a", "b"],
            "matrix": [[1, 2], [{"x": 1}]],
        }))
        .unwrap();
        let out = project(&view, &user, &paths(&["tags.value", "matrix.x"]), &[]);
        assert_eq!(out["tags"], json!(["a", "b"]));
        assert_eq!(out["matrix"], json!([[1, 2], [{"x": 1}]]));
    }

    #[test]
    fn attributes_naming_nothing_this_type_has_leave_the_minimum() {
        let out = user_projection(&["doesNotExist"], &[]);
        assert_eq!(keys(&out), ["id", "schemas"]);
    }
}
