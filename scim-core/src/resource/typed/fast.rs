//! Creation requests read straight from JSON text into a typed [`User`] or [`Group`], with the
//! outcome of [`validate`] followed by `try_from`, and the rules kept in one place: the fast path
//! only accepts what it can prove `validate` would leave as it is (apart from the read-only
//! attributes it ignores), and hands everything else to the generic path.

use serde_json::{Map, Value};

use super::{Address, EnterpriseUser, Group, MultiValue, Name, User};
use crate::error::ScimError;
use crate::resource::{Write, validate};
use crate::schema::{Attribute, ResourceView, Schema, common_attribute};

impl User {
    /// Reads and validates a creation request (POST /Users) for `view` from JSON text:
    /// exactly what `validate(view, serde_json::from_str(text)?, Write::Create)` followed by
    /// `User::try_from` gives, the same `User` or the same error, only faster when the input
    /// is already in normal form.
    ///
    /// The text is read straight into a `User`. That value is returned (with the read-only
    /// `id`, `meta`, `groups` and enterprise `manager.displayName` cleared, which `validate`
    /// ignores, and `schemas` rebuilt as `validate` builds it) only when `validate` would
    /// change nothing else. Otherwise the text goes through the generic path, which is the
    /// one definition of the rules. It falls back when:
    /// - the text does not read as a `User` (not JSON, a member of a JSON type the struct
    ///   does not take: `"active": "True"`, a single email object instead of an array, a
    ///   bare `manager` id, a duplicated member), since those are the tolerated forms and
    ///   the errors;
    /// - a member the struct has no field for matches a schema attribute without case
    ///   (another spelling), is a URN (another extension, a URN-qualified attribute), is
    ///   `null`, or has a twin in another case;
    /// - a complex value or an element of a multi-valued attribute is empty (`{}` or only
    ///   `null`s), which `validate` drops;
    /// - a canonical value is not in the schema's exact spelling, or more than one value of
    ///   a multi-valued attribute is primary;
    /// - `schemas` lists a URN that is not the User schema or the enterprise extension;
    /// - `userName` is empty or missing;
    /// - the enterprise `manager` holds nothing but its read-only `displayName`;
    /// - `view` is not the RFC 7643 User type of [`SchemaRegistry::rfc7643`] with exactly
    ///   the (optional) Enterprise User extension.
    ///
    /// Text that is not JSON is `invalidSyntax`, with the parser's message.
    ///
    /// [`SchemaRegistry::rfc7643`]: crate::schema::SchemaRegistry::rfc7643
    /// [`validate`]: crate::resource::validate
    ///
    /// ```
    /// use scim_core::resource::User;
    /// use scim_core::schema::SchemaRegistry;
    ///
    /// let registry = SchemaRegistry::rfc7643();
    /// let view = registry.view("User").unwrap();
    /// // Already in normal form: read directly.
    /// let user = User::from_json_str(r#"{
    ///     "userName": "bjensen", "active": true, "id": "ignored",
    ///     "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}]
    /// }"#, &view)?;
    /// assert_eq!(user.id, None);
    /// assert_eq!(user.schemas, ["urn:ietf:params:scim:schemas:core:2.0:User"]);
    /// // Tolerated forms go through `validate`, with the same result.
    /// let user = User::from_json_str(r#"{
    ///     "USERNAME": "bjensen", "active": "True",
    ///     "emails": {"value": "bjensen@example.com", "type": "Work"}
    /// }"#, &view)?;
    /// assert_eq!((user.user_name.as_str(), user.active), ("bjensen", Some(true)));
    /// assert_eq!(user.emails[0].kind.as_deref(), Some("work"));
    /// // And so do errors.
    /// let err = User::from_json_str(r#"{"active": true}"#, &view).unwrap_err();
    /// assert_eq!(err.detail(), "`userName` is required");
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_json_str(text: &str, view: &ResourceView<'_>) -> Result<User, ScimError> {
        if let Some(rules) = UserRules::of(view)
            && let Ok(mut user) = serde_json::from_str::<User>(text)
            && rules.normalize(&mut user)
        {
            return Ok(user);
        }
        let value: Value =
            serde_json::from_str(text).map_err(|err| ScimError::invalid_syntax(err.to_string()))?;
        User::try_from(validate(view, value, Write::Create)?)
    }
}

impl Group {
    /// Reads and validates a creation request (POST /Groups) for `view` from JSON text:
    /// exactly what `validate(view, serde_json::from_str(text)?, Write::Create)` followed by
    /// `Group::try_from` gives, only faster when the input is already in normal form.
    ///
    /// As [`User::from_json_str`]: the text is read straight into a `Group`, `id` and `meta`
    /// are cleared and `schemas` rebuilt, and anything `validate` would change or reject
    /// goes through the generic path instead. Besides the cases listed there, it falls back
    /// when a member carries `display` (the RFC's Group schema has no such sub-attribute:
    /// `validate` keeps it as an unknown one) or a `primary` member other than on one value,
    /// and when `view` is not the RFC 7643 Group type without extensions.
    ///
    /// ```
    /// use scim_core::resource::Group;
    /// use scim_core::schema::SchemaRegistry;
    ///
    /// let registry = SchemaRegistry::rfc7643();
    /// let view = registry.view("Group").unwrap();
    /// let group = Group::from_json_str(
    ///     r#"{"displayName": "Tour Guides", "members": [{"value": "2819c223", "type": "User"}]}"#,
    ///     &view,
    /// )?;
    /// assert_eq!(group.schemas, ["urn:ietf:params:scim:schemas:core:2.0:Group"]);
    /// // `type` in another case is normalised by `validate`.
    /// let group = Group::from_json_str(
    ///     r#"{"displayName": "Tour Guides", "members": {"value": "2819c223", "type": "user"}}"#,
    ///     &view,
    /// )?;
    /// assert_eq!(group.members[0].kind.as_deref(), Some("User"));
    /// # Ok::<(), scim_core::ScimError>(())
    /// ```
    pub fn from_json_str(text: &str, view: &ResourceView<'_>) -> Result<Group, ScimError> {
        if let Some(core) = group_schema(view)
            && let Ok(mut group) = serde_json::from_str::<Group>(text)
            && group_normal_form(core, &mut group)
        {
            return Ok(group);
        }
        let value: Value =
            serde_json::from_str(text).map_err(|err| ScimError::invalid_syntax(err.to_string()))?;
        Group::try_from(validate(view, value, Write::Create)?)
    }
}

/// The core schema, when `view` is the RFC's Group type without extensions.
fn group_schema<'r>(view: &ResourceView<'r>) -> Option<&'r Schema> {
    let resource_type = view.resource_type();
    (view.registry().has_rfc7643_schemas()
        && resource_type.schema == scim_filter::GROUP_SCHEMA
        && view.core_schema().id == scim_filter::GROUP_SCHEMA
        && resource_type.schema_extensions.is_empty())
    .then(|| view.core_schema())
}

/// Clears what `validate` ignores and rebuilds `schemas`; `false` when `validate` would
/// change or reject anything else.
fn group_normal_form(core: &Schema, group: &mut Group) -> bool {
    group.id = None;
    group.meta = None;
    if group.display_name.is_empty()
        || !group
            .schemas
            .iter()
            .all(|urn| urn.eq_ignore_ascii_case(&core.id))
        || !extra_ok(&group.extra, |key| {
            key.contains(':') || common_attribute(key).is_some() || core.attribute(key).is_some()
        })
        || !canonical(common_attribute("externalId"), group.external_id.as_deref())
        || !canonical(core.attribute("displayName"), Some(&group.display_name))
    {
        return false;
    }
    if !group.members.is_empty() {
        let Some(attribute) = core.attribute("members") else {
            return false;
        };
        let members_ok = at_most_one_primary(
            group
                .members
                .iter()
                .map(|m| m.extra.get("primary") == Some(&Value::Bool(true))),
        ) && group.members.iter().all(|m| {
            let fields = [
                ("value", m.value.as_deref()),
                ("$ref", m.reference.as_deref()),
                ("display", m.display.as_deref()),
                ("type", m.kind.as_deref()),
            ];
            complex_ok(|sub| attribute.sub_attribute(sub), &fields, false, &m.extra)
        });
        if !members_ok {
            return false;
        }
    }
    group.schemas.clear();
    group.schemas.push(core.id.clone());
    true
}

/// The schemas the fast path reads its rules from.
struct UserRules<'r> {
    core: &'r Schema,
    enterprise: &'r Schema,
}

impl<'r> UserRules<'r> {
    /// The rules, when `view` is the RFC's User type with only the optional enterprise
    /// extension.
    fn of(view: &ResourceView<'r>) -> Option<Self> {
        let registry = view.registry();
        let resource_type = view.resource_type();
        if !registry.has_rfc7643_schemas()
            || resource_type.schema != scim_filter::USER_SCHEMA
            || view.core_schema().id != scim_filter::USER_SCHEMA
        {
            return None;
        }
        match resource_type.schema_extensions.as_slice() {
            [only] if only.schema == scim_filter::ENTERPRISE_USER_SCHEMA && !only.required => {}
            _ => return None,
        }
        Some(UserRules {
            core: view.core_schema(),
            enterprise: registry.schema(scim_filter::ENTERPRISE_USER_SCHEMA)?,
        })
    }

    /// Clears what `validate` ignores and rebuilds `schemas`; `false` when `validate` would
    /// change or reject anything else (or the fast path cannot tell).
    fn normalize(&self, user: &mut User) -> bool {
        user.id = None;
        user.meta = None;
        user.groups.clear();
        if user.user_name.is_empty() {
            return false;
        }
        let listed_ok = user.schemas.iter().all(|urn| {
            urn.eq_ignore_ascii_case(&self.core.id) || urn.eq_ignore_ascii_case(&self.enterprise.id)
        });
        if !listed_ok
            || !extra_ok(&user.extra, |key| {
                key.contains(':')
                    || common_attribute(key).is_some()
                    || self.core.attribute(key).is_some()
            })
        {
            return false;
        }
        let core_strings = [
            ("externalId", user.external_id.as_deref()),
            ("userName", Some(user.user_name.as_str())),
            ("displayName", user.display_name.as_deref()),
            ("nickName", user.nick_name.as_deref()),
            ("profileUrl", user.profile_url.as_deref()),
            ("title", user.title.as_deref()),
            ("userType", user.user_type.as_deref()),
            ("preferredLanguage", user.preferred_language.as_deref()),
            ("locale", user.locale.as_deref()),
            ("timezone", user.timezone.as_deref()),
            ("password", user.password.as_deref()),
        ];
        let strings_ok = core_strings.iter().all(|(name, value)| {
            let attribute = common_attribute(name).or_else(|| self.core.attribute(name));
            canonical(attribute, *value)
        });
        if !strings_ok {
            return false;
        }
        if let Some(name) = &user.name
            && !self.name_ok(name)
        {
            return false;
        }
        let multi = [
            ("emails", &user.emails),
            ("phoneNumbers", &user.phone_numbers),
            ("ims", &user.ims),
            ("photos", &user.photos),
            ("entitlements", &user.entitlements),
            ("roles", &user.roles),
            ("x509Certificates", &user.x509_certificates),
        ];
        for (name, values) in multi {
            if !values.is_empty() && !self.multi_values_ok(name, values) {
                return false;
            }
        }
        if !user.addresses.is_empty() && !self.addresses_ok(&user.addresses) {
            return false;
        }
        user.schemas.clear();
        user.schemas.push(self.core.id.clone());
        if let Some(enterprise) = &mut user.enterprise {
            if !self.enterprise_ok(enterprise) {
                return false;
            }
            user.schemas.push(self.enterprise.id.clone());
        }
        true
    }

    fn name_ok(&self, name: &Name) -> bool {
        let Some(attribute) = self.core.attribute("name") else {
            return false;
        };
        let subs = [
            ("formatted", name.formatted.as_deref()),
            ("familyName", name.family_name.as_deref()),
            ("givenName", name.given_name.as_deref()),
            ("middleName", name.middle_name.as_deref()),
            ("honorificPrefix", name.honorific_prefix.as_deref()),
            ("honorificSuffix", name.honorific_suffix.as_deref()),
        ];
        complex_ok(
            |sub| attribute.sub_attribute(sub),
            &subs,
            false,
            &name.extra,
        )
    }

    fn multi_values_ok(&self, name: &str, values: &[MultiValue]) -> bool {
        let Some(attribute) = self.core.attribute(name) else {
            return false;
        };
        at_most_one_primary(values.iter().map(|v| v.primary == Some(true)))
            && values.iter().all(|v| {
                let fields = [
                    ("value", v.value.as_deref()),
                    ("display", v.display.as_deref()),
                    ("type", v.kind.as_deref()),
                ];
                let lookup = |sub: &str| attribute.sub_attribute(sub);
                complex_ok(lookup, &fields, v.primary.is_some(), &v.extra)
            })
    }

    fn addresses_ok(&self, values: &[Address]) -> bool {
        let Some(attribute) = self.core.attribute("addresses") else {
            return false;
        };
        at_most_one_primary(values.iter().map(|v| v.primary == Some(true)))
            && values.iter().all(|v| {
                let fields = [
                    ("formatted", v.formatted.as_deref()),
                    ("streetAddress", v.street_address.as_deref()),
                    ("locality", v.locality.as_deref()),
                    ("region", v.region.as_deref()),
                    ("postalCode", v.postal_code.as_deref()),
                    ("country", v.country.as_deref()),
                    ("type", v.kind.as_deref()),
                ];
                let lookup = |sub: &str| attribute.sub_attribute(sub);
                complex_ok(lookup, &fields, v.primary.is_some(), &v.extra)
            })
    }

    /// Clears the manager's read-only `displayName`; `false` when anything would change.
    fn enterprise_ok(&self, enterprise: &mut EnterpriseUser) -> bool {
        let schema = self.enterprise;
        if let Some(manager) = &mut enterprise.manager {
            manager.display_name = None;
            let Some(attribute) = schema.attribute("manager") else {
                return false;
            };
            let subs = [
                ("value", manager.value.as_deref()),
                ("$ref", manager.reference.as_deref()),
            ];
            let lookup = |sub: &str| attribute.sub_attribute(sub);
            if !complex_ok(lookup, &subs, false, &manager.extra) {
                return false;
            }
        }
        let fields = [
            ("employeeNumber", enterprise.employee_number.as_deref()),
            ("costCenter", enterprise.cost_center.as_deref()),
            ("organization", enterprise.organization.as_deref()),
            ("division", enterprise.division.as_deref()),
            ("department", enterprise.department.as_deref()),
        ];
        let lookup = |name: &str| schema.attribute(name);
        complex_ok(
            lookup,
            &fields,
            enterprise.manager.is_some(),
            &enterprise.extra,
        )
    }
}

/// A complex value (or an extension's object) already in the form `validate` leaves it in:
/// it holds something (a string field, `has_other`, or a member of `extra`), its string
/// fields are spelled canonically, and `extra` is as `validate` keeps it. `lookup` finds the
/// attribute a field or member name stands for.
fn complex_ok<'a>(
    lookup: impl Fn(&str) -> Option<&'a Attribute>,
    fields: &[(&str, Option<&str>)],
    has_other: bool,
    extra: &Map<String, Value>,
) -> bool {
    (has_other || fields.iter().any(|(_, value)| value.is_some()) || !extra.is_empty())
        && fields
            .iter()
            .all(|(name, value)| canonical(lookup(name), *value))
        && extra_ok(extra, |key| lookup(key).is_some())
}

/// RFC 7643 §2.4: `primary: true` on at most one value.
fn at_most_one_primary(primaries: impl Iterator<Item = bool>) -> bool {
    primaries.filter(|&primary| primary).count() <= 1
}

/// A string already in the attribute's canonical spelling, if it has canonical values. A
/// field with a value that the schema has no attribute for makes the fast path give up.
fn canonical(attribute: Option<&Attribute>, value: Option<&str>) -> bool {
    match (attribute, value) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(attribute), Some(text)) => {
            attribute.canonical_values.is_empty()
                || attribute.canonical_values.iter().any(|c| c == text)
        }
    }
}

/// Members without a field, as `validate` keeps them: none that `known` claims (another
/// spelling of an attribute), no `null`, no twins in another case.
fn extra_ok(extra: &Map<String, Value>, known: impl Fn(&str) -> bool) -> bool {
    if extra.is_empty() {
        return true;
    }
    let keys: Vec<&String> = extra.keys().collect();
    extra
        .iter()
        .all(|(key, value)| !value.is_null() && !known(key))
        && keys.iter().enumerate().all(|(i, key)| {
            !keys[i + 1..]
                .iter()
                .any(|other| other.eq_ignore_ascii_case(key))
        })
}
