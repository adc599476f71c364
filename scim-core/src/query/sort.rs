//! Sorting resources by an attribute (RFC 7644 §3.4.2.3), with the attribute's type and case
//! rules from the schema.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDateTime, Utc};
use scim_filter::AttrPath;
use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::resource::{Attributes, get_ignore_case, parse_date_time};
use crate::schema::{Attribute, AttributeType, ResourceView, Returned};

/// The direction of a sort (RFC 7644 §3.4.2.3 `sortOrder`); ascending unless the client
/// says otherwise.
///
/// ```
/// use scim_core::query::SortOrder;
///
/// assert_eq!(SortOrder::parse("DESCENDING"), Some(SortOrder::Descending));
/// assert_eq!(SortOrder::parse("down"), None);
/// assert_eq!(SortOrder::default().as_str(), "ascending");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// Smallest first; resources without a value come last.
    #[default]
    Ascending,
    /// Largest first; resources without a value come first.
    Descending,
}

impl SortOrder {
    /// `ascending` or `descending`, in any case (RFC 7644 §3.4.2.3).
    ///
    /// ```
    /// use scim_core::query::SortOrder;
    ///
    /// assert_eq!(SortOrder::parse("Ascending"), Some(SortOrder::Ascending));
    /// assert_eq!(SortOrder::parse("asc"), None);
    /// ```
    pub fn parse(text: &str) -> Option<SortOrder> {
        if text.eq_ignore_ascii_case("ascending") {
            Some(SortOrder::Ascending)
        } else if text.eq_ignore_ascii_case("descending") {
            Some(SortOrder::Descending)
        } else {
            None
        }
    }

    /// The keyword as RFC 7644 §3.4.2.3 spells it.
    ///
    /// ```
    /// assert_eq!(scim_core::query::SortOrder::Descending.as_str(), "descending");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Ascending => "ascending",
            SortOrder::Descending => "descending",
        }
    }
}

/// Sorts `resources` by the attribute `sort_by` names, as RFC 7644 §3.4.2.3 asks:
///
/// - values compare by the attribute's type: strings and references without case unless the
///   schema says `caseExact` (Unicode lowercase folding, no locale), binary with case,
///   dateTimes as instants (so `+02:00` and `Z` compare correctly), integers and decimals
///   numerically, booleans `false` before `true`;
/// - a multi-valued attribute sorts by its `primary` value, or else its first value; a
///   complex attribute with a `value` sub-attribute (`emails`) by that sub-attribute;
/// - resources with no value (absent, `null`, an empty array, or a value of another type
///   than the schema declares) come last when ascending and first when descending
///   ("they are ordered last if ascending and first if descending");
/// - resources whose values are equal keep their order: the sort is stable.
///
/// An attribute no schema describes is sorted by its stored JSON values (booleans before
/// numbers before strings; strings without case), since such attributes are stored and
/// returned by default: RFC 7644 leaves a `sortBy` the server does not know to the server,
/// and sorting is OPTIONAL there. It is `invalidValue` to sort by a complex attribute that
/// has no `value` sub-attribute (the RFC asks for a path to a sub-attribute, such as
/// `name.givenName`), by a sub-attribute of a simple attribute, or by an attribute that is
/// never returned (`password`): its order would reveal what is never shown.
///
/// ```
/// use scim_core::query::{SortOrder, sort};
/// use scim_core::resource::Resource;
/// use scim_core::schema::SchemaRegistry;
/// use scim_filter::AttrPath;
///
/// let registry = SchemaRegistry::rfc7643();
/// let view = registry.view("User").unwrap();
/// let mut users: Vec<Resource> = ["carol", "Alice", "bob"]
///     .iter()
///     .map(|name| Resource::from_json(serde_json::json!({"userName": name})))
///     .collect::<Result<_, _>>()?;
/// sort(&view, &mut users, &AttrPath::parse("userName")?, SortOrder::Ascending)?;
/// let names: Vec<_> = users.iter().map(|u| u.get("userName").unwrap().as_str().unwrap()).collect();
/// assert_eq!(names, ["Alice", "bob", "carol"]); // userName is not caseExact
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sort<R: Attributes>(
    view: &ResourceView<'_>,
    resources: &mut [R],
    sort_by: &AttrPath<'_>,
    order: SortOrder,
) -> Result<(), ScimError> {
    SortPlan::new(view, sort_by)?.apply(resources, order);
    Ok(())
}

/// How to take the sort key of a resource: where the value sits, and how it compares.
#[derive(Debug)]
pub(crate) struct SortPlan<'p> {
    /// The extension URN whose object holds the attribute; `None` for the top level.
    container: Option<&'p str>,
    name: &'p str,
    /// The sub-attribute compared: the path's, or `value` for a complex attribute.
    sub: Option<&'p str>,
    kind: KeyKind,
}

/// How stored values become keys.
#[derive(Debug, Clone, Copy)]
enum KeyKind {
    Text {
        case_exact: bool,
    },
    Instant,
    Number,
    Bool,
    /// No schema describes the attribute: by the stored JSON type.
    Dynamic,
}

impl<'p> SortPlan<'p> {
    /// Checks `sort_by` against the schema and decides how to compare its values.
    pub(crate) fn new(
        view: &ResourceView<'_>,
        sort_by: &'p AttrPath<'_>,
    ) -> Result<Self, ScimError> {
        let container = sort_by
            .uri()
            .filter(|uri| !uri.eq_ignore_ascii_case(&view.core_schema().id));
        let name = sort_by.name();
        let attribute = view.attribute_of(sort_by.uri(), name);
        let Some(attribute) = attribute else {
            return Ok(SortPlan {
                container,
                name,
                sub: sort_by.sub_attr(),
                kind: KeyKind::Dynamic,
            });
        };
        check_returned(attribute, sort_by)?;
        let (sub, sub_attribute) = match (sort_by.sub_attr(), attribute.attr_type) {
            (Some(sub), AttributeType::Complex) => (Some(sub), attribute.sub_attribute(sub)),
            (Some(_), _) => {
                return Err(ScimError::invalid_value(format!(
                    "cannot sort by `{sort_by}`: `{}` has no sub-attributes",
                    attribute.name
                )));
            }
            (None, AttributeType::Complex) => match attribute.sub_attribute("value") {
                Some(value) => (Some("value"), Some(value)),
                None => return Err(complex_without_value(attribute, sort_by)),
            },
            (None, _) => (None, None),
        };
        let compared = match (sub, sub_attribute) {
            (Some(_), Some(sub_attribute)) => {
                check_returned(sub_attribute, sort_by)?;
                Some(sub_attribute)
            }
            (Some(_), None) => None,
            (None, _) => Some(attribute),
        };
        Ok(SortPlan {
            container,
            name,
            sub,
            kind: compared.map_or(KeyKind::Dynamic, KeyKind::of),
        })
    }

    /// Sorts, stably, in `order`.
    pub(crate) fn apply<R: Attributes>(&self, resources: &mut [R], order: SortOrder) {
        let descending = order == SortOrder::Descending;
        resources.sort_by_cached_key(|resource| SortCell {
            key: self.key(resource.attributes()),
            descending,
        });
    }

    /// The key of one resource; `None` when it has no value to sort by.
    fn key(&self, resource: &Map<String, Value>) -> Option<SortKey> {
        let container: &Map<String, Value> = match self.container {
            Some(urn) => get_ignore_case(resource, urn)?.as_object()?,
            None => resource,
        };
        let attribute = get_ignore_case(container, self.name)?;
        let element = match attribute {
            Value::Array(elements) => primary_or_first(elements)?,
            single => single,
        };
        let scalar = match (self.sub, element) {
            (Some(sub), Value::Object(members)) => get_ignore_case(members, sub)?,
            // A multi-valued attribute of simple values: `value` names the element.
            (Some(sub), scalar) if sub.eq_ignore_ascii_case("value") => scalar,
            (Some(_), _) => return None,
            (None, Value::Object(members)) => get_ignore_case(members, "value")?,
            (None, scalar) => scalar,
        };
        self.kind.key(scalar)
    }
}

fn check_returned(attribute: &Attribute, sort_by: &AttrPath<'_>) -> Result<(), ScimError> {
    if attribute.returned == Returned::Never {
        return Err(ScimError::invalid_value(format!(
            "cannot sort by `{sort_by}`: `{}` is never returned (RFC 7643 §7), and its order \
             would reveal it",
            attribute.name
        )));
    }
    Ok(())
}

fn complex_without_value(attribute: &Attribute, sort_by: &AttrPath<'_>) -> ScimError {
    let example = attribute
        .sub_attributes
        .first()
        .map(|sub| format!(", such as `{}.{}`", attribute.name, sub.name))
        .unwrap_or_default();
    ScimError::invalid_value(format!(
        "cannot sort by `{sort_by}`: it is complex; sort by one of its sub-attributes{example} \
         (RFC 7644 §3.4.2.3)"
    ))
}

/// RFC 7644 §3.4.2.3: "the value of the primary attribute ..., if any, or else the first
/// value in the list, if any".
fn primary_or_first(elements: &[Value]) -> Option<&Value> {
    let is_primary = |element: &&Value| {
        element
            .as_object()
            .and_then(|members| get_ignore_case(members, "primary"))
            == Some(&Value::Bool(true))
    };
    elements
        .iter()
        .find(is_primary)
        .or_else(|| elements.iter().find(|element| !element.is_null()))
}

impl KeyKind {
    fn of(attribute: &Attribute) -> KeyKind {
        match attribute.attr_type {
            AttributeType::String | AttributeType::Reference => KeyKind::Text {
                case_exact: attribute.case_exact,
            },
            // Base64 is case-significant (RFC 4648 §4), whatever a schema declares.
            AttributeType::Binary => KeyKind::Text { case_exact: true },
            AttributeType::DateTime => KeyKind::Instant,
            AttributeType::Integer | AttributeType::Decimal => KeyKind::Number,
            AttributeType::Boolean => KeyKind::Bool,
            AttributeType::Complex => KeyKind::Dynamic,
        }
    }

    /// The key of a stored scalar; `None` for a value of another type than the schema's.
    fn key(self, value: &Value) -> Option<SortKey> {
        match (self, value) {
            (KeyKind::Text { case_exact: true }, Value::String(text)) => {
                Some(SortKey::Text(text.clone()))
            }
            (KeyKind::Text { case_exact: false } | KeyKind::Dynamic, Value::String(text)) => {
                Some(SortKey::Text(fold_case(text)))
            }
            (KeyKind::Instant, Value::String(text)) => instant(text).map(SortKey::Instant),
            (KeyKind::Number | KeyKind::Dynamic, Value::Number(number)) => SortKey::number(number),
            (KeyKind::Bool | KeyKind::Dynamic, Value::Bool(flag)) => Some(SortKey::Bool(*flag)),
            _ => None,
        }
    }
}

/// Unicode lowercase folding with no locale (RFC 7644 §3.4.2.3: "case-insensitive Unicode
/// alphabetic sort order with no specific locale implied"), as the filter evaluator
/// compares.
fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.chars().flat_map(char::to_lowercase).collect()
    }
}

/// An xsd:dateTime (RFC 7643 §2.3.5): with an offset, or without one (taken as UTC), as the
/// filter evaluator reads it.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    parse_date_time(text).or_else(|| {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| naive.and_utc())
    })
}

/// A comparable value. Keys of different kinds only meet for attributes no schema
/// describes; they order by kind.
#[derive(Debug)]
enum SortKey {
    Bool(bool),
    /// Integers exactly (every `i64` and `u64` fits), other numbers as `f64`.
    Integer(i128),
    Decimal(f64),
    Instant(DateTime<Utc>),
    Text(String),
}

impl SortKey {
    fn number(number: &serde_json::Number) -> Option<SortKey> {
        if let Some(int) = number.as_i64() {
            Some(SortKey::Integer(i128::from(int)))
        } else if let Some(int) = number.as_u64() {
            Some(SortKey::Integer(i128::from(int)))
        } else {
            number
                .as_f64()
                .filter(|f| f.is_finite())
                .map(SortKey::Decimal)
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortKey::Bool(_) => 0,
            SortKey::Integer(_) | SortKey::Decimal(_) => 1,
            SortKey::Instant(_) => 2,
            SortKey::Text(_) => 3,
        }
    }

    /// A total order: numbers compare exactly across integers and decimals, so the order
    /// stays transitive for integers beyond 2^53.
    fn compare(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Bool(a), SortKey::Bool(b)) => a.cmp(b),
            (SortKey::Integer(a), SortKey::Integer(b)) => a.cmp(b),
            // Finite (JSON has no NaN): `partial_cmp` is total, and -0.0 equals 0.0 as 0 does.
            (SortKey::Decimal(a), SortKey::Decimal(b)) => {
                a.partial_cmp(b).unwrap_or(Ordering::Equal)
            }
            (SortKey::Integer(a), SortKey::Decimal(b)) => cmp_integer_decimal(*a, *b),
            (SortKey::Decimal(a), SortKey::Integer(b)) => cmp_integer_decimal(*b, *a).reverse(),
            (SortKey::Instant(a), SortKey::Instant(b)) => a.cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

/// The exact order of an integer and a finite decimal.
fn cmp_integer_decimal(integer: i128, decimal: f64) -> Ordering {
    // Beyond ±1.7e38 a decimal is past every integer a JSON number can hold here.
    const BOUND: f64 = 1.7e38;
    if decimal >= BOUND {
        return Ordering::Less;
    }
    if decimal <= -BOUND {
        return Ordering::Greater;
    }
    let whole = decimal.trunc();
    // `whole` is integral and within i128's range, so the cast is exact.
    match integer.cmp(&(whole as i128)) {
        Ordering::Equal if decimal > whole => Ordering::Less,
        Ordering::Equal if decimal < whole => Ordering::Greater,
        order => order,
    }
}

/// A key with its place: resources without a value go last ascending, first descending.
#[derive(Debug)]
struct SortCell {
    key: Option<SortKey>,
    descending: bool,
}

impl Ord for SortCell {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.key, &other.key) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) if self.descending => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) if self.descending => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) if self.descending => b.compare(a),
            (Some(a), Some(b)) => a.compare(b),
        }
    }
}

impl PartialOrd for SortCell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SortCell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SortCell {}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ScimType;
    use crate::resource::Resource;
    use crate::schema::SchemaRegistry;

    fn resources(values: &[Value]) -> Vec<Resource> {
        values
            .iter()
            .map(|v| Resource::from_json(v.clone()).unwrap())
            .collect()
    }

    fn ids(resources: &[Resource]) -> Vec<&str> {
        resources.iter().map(|r| r.id().unwrap_or("-")).collect()
    }

    fn sorted(type_name: &str, values: &[Value], by: &str, order: SortOrder) -> Vec<String> {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view(type_name).unwrap();
        let mut items = resources(values);
        sort(&view, &mut items, &AttrPath::parse(by).unwrap(), order).unwrap();
        ids(&items).into_iter().map(str::to_owned).collect()
    }

    fn sort_error(by: &str) -> ScimError {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let mut items: Vec<Resource> = Vec::new();
        sort(
            &view,
            &mut items,
            &AttrPath::parse(by).unwrap(),
            SortOrder::Ascending,
        )
        .unwrap_err()
    }

    #[test]
    fn rfc7644_s3_4_2_3_user_name_sorts_without_case() {
        let users = [
            json!({"id": "c", "userName": "carol"}),
            json!({"id": "a", "userName": "Alice"}),
            json!({"id": "b", "userName": "bob"}),
            json!({"id": "B", "userName": "BOB"}),
        ];
        // Equal without case: `bob` and `BOB` keep their order (stable).
        assert_eq!(
            sorted("User", &users, "userName", SortOrder::Ascending),
            ["a", "b", "B", "c"]
        );
        assert_eq!(
            sorted("User", &users, "userName", SortOrder::Descending),
            ["c", "b", "B", "a"]
        );
    }

    #[test]
    fn rfc7644_s3_4_2_3_case_insensitive_order_folds_unicode() {
        let users = [
            json!({"id": "z", "userName": "zoë"}),
            json!({"id": "e", "userName": "Émile"}),
            json!({"id": "a", "userName": "ANDRÉ"}),
        ];
        // Folded: "andré" < "zoë" < "émile" (code points, no locale).
        assert_eq!(
            sorted("User", &users, "USERNAME", SortOrder::Ascending),
            ["a", "z", "e"]
        );
    }

    #[test]
    fn rfc7643_case_exact_attributes_sort_with_case() {
        // `id` and `externalId` are caseExact (RFC 7643 §3.1).
        let users = [
            json!({"id": "1", "externalId": "b"}),
            json!({"id": "2", "externalId": "B"}),
            json!({"id": "3", "externalId": "a"}),
        ];
        assert_eq!(
            sorted("User", &users, "externalId", SortOrder::Ascending),
            ["2", "3", "1"]
        );
    }

    #[test]
    fn rfc7643_s2_3_5_last_modified_sorts_as_instants_across_offsets() {
        let users = [
            // 04:42:34Z
            json!({"id": "a", "meta": {"lastModified": "2011-05-13T06:42:34+02:00"}}),
            // 04:00:00Z: textually the largest, the earliest instant.
            json!({"id": "b", "meta": {"lastModified": "2011-05-13T09:00:00+05:00"}}),
            // 04:42:35Z
            json!({"id": "c", "meta": {"lastModified": "2011-05-13T04:42:35Z"}}),
            // No offset: taken as UTC, 04:30:00Z.
            json!({"id": "d", "meta": {"lastModified": "2011-05-13T04:30:00"}}),
            json!({"id": "e", "meta": {"created": "2011-05-13T04:30:00Z"}}),
        ];
        assert_eq!(
            sorted("User", &users, "meta.lastModified", SortOrder::Ascending),
            ["b", "d", "a", "c", "e"]
        );
        assert_eq!(
            sorted("User", &users, "meta.lastModified", SortOrder::Descending),
            ["e", "c", "a", "d", "b"]
        );
    }

    #[test]
    fn rfc7644_s3_4_2_3_multi_valued_sorts_by_primary_or_else_first() {
        let users = [
            json!({"id": "p", "emails": [
                {"value": "zed@example.com"},
                {"value": "amy@example.com", "primary": true},
            ]}),
            json!({"id": "f", "emails": [
                {"value": "bob@example.com"},
                {"value": "aaa@example.com"},
            ]}),
            json!({"id": "n", "emails": []}),
            json!({"id": "m"}),
        ];
        // p sorts by its primary amy@, f by its first bob@; no emails sort last.
        assert_eq!(
            sorted("User", &users, "emails.value", SortOrder::Ascending),
            ["p", "f", "n", "m"]
        );
        // A complex attribute with a `value` sub-attribute sorts by it.
        assert_eq!(
            sorted("User", &users, "emails", SortOrder::Ascending),
            ["p", "f", "n", "m"]
        );
        assert_eq!(
            sorted("User", &users, "emails", SortOrder::Descending),
            ["n", "m", "f", "p"]
        );
    }

    #[test]
    fn rfc7644_s3_4_2_3_missing_values_last_ascending_first_descending() {
        let users = [
            json!({"id": "none"}),
            json!({"id": "z", "name": {"givenName": "Zoe"}}),
            json!({"id": "null", "name": {"givenName": null}}),
            json!({"id": "a", "name": {"givenName": "Amy"}}),
            json!({"id": "wrong-type", "name": {"givenName": 7}}),
        ];
        assert_eq!(
            sorted("User", &users, "name.givenName", SortOrder::Ascending),
            ["a", "z", "none", "null", "wrong-type"]
        );
        assert_eq!(
            sorted("User", &users, "name.givenName", SortOrder::Descending),
            ["none", "null", "wrong-type", "z", "a"]
        );
    }

    #[test]
    fn booleans_sort_false_before_true() {
        let users = [
            json!({"id": "t", "active": true}),
            json!({"id": "f", "active": false}),
            json!({"id": "-"}),
        ];
        assert_eq!(
            sorted("User", &users, "active", SortOrder::Ascending),
            ["f", "t", "-"]
        );
    }

    #[test]
    fn extension_attributes_sort_under_their_urn() {
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let users = [
            json!({"id": "2", urn: {"employeeNumber": "701984"}}),
            json!({"id": "1", urn: {"employeeNumber": "10"}}),
            json!({"id": "3", "employeeNumber": "1"}),
        ];
        // employeeNumber is a string: "10" < "701984"; the top-level one is not the
        // extension's.
        assert_eq!(
            sorted(
                "User",
                &users,
                &format!("{urn}:employeeNumber"),
                SortOrder::Ascending
            ),
            ["1", "2", "3"]
        );
    }

    #[test]
    fn core_urn_qualified_paths_sort_the_top_level() {
        let users = [
            json!({"id": "b", "userName": "bob"}),
            json!({"id": "a", "userName": "alice"}),
        ];
        assert_eq!(
            sorted(
                "User",
                &users,
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                SortOrder::Ascending
            ),
            ["a", "b"]
        );
    }

    #[test]
    fn unknown_attributes_sort_by_stored_json_values() {
        let users = [
            json!({"id": "s", "badge": "ten"}),
            json!({"id": "n10", "badge": 10}),
            json!({"id": "n9", "badge": 9.5}),
            json!({"id": "b", "badge": true}),
            json!({"id": "-"}),
        ];
        assert_eq!(
            sorted("User", &users, "badge", SortOrder::Ascending),
            ["b", "n9", "n10", "s", "-"]
        );
    }

    #[test]
    fn numbers_order_exactly_across_integers_and_decimals() {
        let users = [
            json!({"id": "big+1", "n": 9_007_199_254_740_993_i64}),
            json!({"id": "float", "n": 9_007_199_254_740_992.0_f64}),
            json!({"id": "big", "n": 9_007_199_254_740_992_i64}),
            json!({"id": "u64", "n": u64::MAX}),
            json!({"id": "neg", "n": -0.5}),
            json!({"id": "zero", "n": 0}),
        ];
        assert_eq!(
            sorted("User", &users, "n", SortOrder::Ascending),
            ["neg", "zero", "float", "big", "big+1", "u64"]
        );
        assert_eq!(cmp_integer_decimal(2, 2.0), Ordering::Equal);
        assert_eq!(cmp_integer_decimal(-3, -2.5), Ordering::Less);
        assert_eq!(cmp_integer_decimal(i128::MAX, 1e300), Ordering::Less);
        assert_eq!(cmp_integer_decimal(i128::MIN, -1e300), Ordering::Greater);
    }

    #[test]
    fn group_members_sort_by_value() {
        let groups = [
            json!({"id": "g2", "members": [{"value": "b"}]}),
            json!({"id": "g1", "members": [{"value": "a"}, {"value": "c"}]}),
        ];
        assert_eq!(
            sorted("Group", &groups, "members.value", SortOrder::Ascending),
            ["g1", "g2"]
        );
    }

    #[test]
    fn sort_by_that_cannot_order_is_invalid_value() {
        let err = sort_error("name");
        assert_eq!(err.scim_type(), Some(ScimType::InvalidValue));
        assert!(
            err.detail().contains("`name.formatted`"),
            "{}",
            err.detail()
        );
        let err = sort_error("password");
        assert!(err.detail().contains("never returned"), "{}", err.detail());
        let err = sort_error("userName.first");
        assert!(
            err.detail().contains("no sub-attributes"),
            "{}",
            err.detail()
        );
    }

    #[test]
    fn sort_order_parses_without_case() {
        assert_eq!(SortOrder::parse("Ascending"), Some(SortOrder::Ascending));
        assert_eq!(SortOrder::parse("descending"), Some(SortOrder::Descending));
        assert_eq!(SortOrder::parse("asc"), None);
    }
}
