//! A SCIM Group (RFC 7643 §4.2) as the metaobject that keeps it: the type and fields of the
//! app's `$app:scim_group` definition, a metaobject read as a [`Group`] ([`group_from`]), a
//! [`Group`] shown as SCIM shows it ([`group_stored`]), and what a Group resource asks the
//! metaobject to hold ([`group_names`]).

use chrono::{DateTime, Utc};
use scim_core::ScimError;
use scim_core::resource::{Meta, Resource, Version, format_date_time, parse_date_time};
use scim_core::store::Stored;
use scim_filter::GROUP_SCHEMA;
use serde_json::{Value, json};

use super::handle::group_handle;
use super::tags::group_tag;
use crate::mapping::config::MappingConfig;
use crate::mapping::customer::CUSTOMER_GID_PREFIX;
use crate::mapping::error::MappingError;

/// The metaobject type of SCIM groups (`$app:` makes it the app's own).
///
/// ```
/// assert_eq!(scim_shopify::mapping::GROUP_TYPE, "$app:scim_group");
/// assert_eq!(scim_shopify::store::GROUP_TYPE, scim_shopify::mapping::GROUP_TYPE);
/// ```
pub const GROUP_TYPE: &str = "$app:scim_group";

/// The field holding a group's `displayName` (the entries' display name in the admin).
///
/// ```
/// assert_eq!(scim_shopify::mapping::DISPLAY_NAME_FIELD, "display_name");
/// assert_eq!(scim_shopify::store::DISPLAY_NAME_FIELD, "display_name");
/// ```
pub const DISPLAY_NAME_FIELD: &str = "display_name";

/// The field holding a group's `externalId`.
///
/// ```
/// assert_eq!(scim_shopify::mapping::EXTERNAL_ID_FIELD, "external_id");
/// assert_eq!(scim_shopify::store::EXTERNAL_ID_FIELD, "external_id");
/// ```
pub const EXTERNAL_ID_FIELD: &str = "external_id";

/// The prefix of a metaobject's global id: `gid://shopify/Metaobject/<numeric id>`.
pub(crate) const METAOBJECT_GID_PREFIX: &str = "gid://shopify/Metaobject/";

/// A group's metaobject as the store read it: its global id, its fields' values by key, and
/// its timestamps as Shopify writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupEntry {
    /// The global id, `gid://shopify/Metaobject/<n>`.
    pub(crate) gid: String,
    /// `(key, value)` of each field; `None` for a field without a value.
    pub(crate) fields: Vec<(String, Option<String>)>,
    /// When the entry was created (ISO 8601).
    pub(crate) created_at: String,
    /// When the entry last changed (ISO 8601).
    pub(crate) updated_at: String,
}

impl GroupEntry {
    /// The value of the field `key`, if set.
    fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, value)| value.as_deref())
    }
}

/// A group as its metaobject holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// The metaobject's global id.
    pub(crate) gid: String,
    /// The SCIM `id`: the numeric part of the global id.
    pub(crate) id: String,
    /// `displayName`, as it was sent.
    pub(crate) display_name: String,
    /// `externalId`, when it has one.
    pub(crate) external_id: Option<String>,
    /// The membership tag; `None` for a name that makes no tag (an entry made outside SCIM).
    pub(crate) tag: Option<String>,
    /// `meta.created`.
    pub(crate) created: DateTime<Utc>,
    /// `meta.lastModified`, and `meta.version` (to the second).
    pub(crate) updated: DateTime<Utc>,
}

/// A member as a group lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    /// The User's `id`.
    pub(crate) id: String,
    /// Its display name (Shopify's, for the customer).
    pub(crate) display: String,
}

impl Member {
    /// The member for the customer `gid` shown as `display`; `None` for a gid that is no
    /// customer's.
    pub(crate) fn of_customer(gid: &str, display: &str) -> Option<Member> {
        let id = gid.strip_prefix(CUSTOMER_GID_PREFIX)?;
        Some(Member {
            id: id.to_owned(),
            display: display.to_owned(),
        })
    }
}

/// The group a metaobject holds: `id` the numeric part of its gid, the tag its display name
/// makes under `config`.
///
/// # Errors
///
/// [`MappingError::Resource`] for a gid that is no metaobject's or a timestamp that does not
/// parse.
pub(crate) fn group_from(
    config: &MappingConfig,
    entry: &GroupEntry,
) -> Result<Group, MappingError> {
    let id = entry
        .gid
        .strip_prefix(METAOBJECT_GID_PREFIX)
        .ok_or_else(|| MappingError::Resource("not a metaobject id".into()))?;
    let instant = |text: &str| {
        parse_date_time(text).ok_or_else(|| MappingError::Resource("a bad timestamp".into()))
    };
    let display_name = entry
        .field(DISPLAY_NAME_FIELD)
        .unwrap_or_default()
        .to_owned();
    Ok(Group {
        gid: entry.gid.clone(),
        id: id.to_owned(),
        tag: group_tag(config, &display_name).ok(),
        display_name,
        external_id: entry
            .field(EXTERNAL_ID_FIELD)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        created: instant(&entry.created_at)?,
        updated: instant(&entry.updated_at)?,
    })
}

/// The group as SCIM shows it, with `members` when they were read; `meta` built from the
/// metaobject's timestamps, `meta.version` its `updatedAt`.
pub(crate) fn group_stored(group: &Group, members: Option<&[Member]>) -> Stored {
    let mut resource = json!({
        "schemas": [GROUP_SCHEMA],
        "displayName": group.display_name,
    });
    if let Some(external) = &group.external_id {
        resource["externalId"] = json!(external);
    }
    if let Some(members) = members.filter(|m| !m.is_empty()) {
        resource["members"] = members
            .iter()
            .map(|m| json!({"value": m.id, "display": m.display, "type": "User"}))
            .collect();
    }
    let meta = Meta {
        resource_type: "Group".into(),
        created: group.created,
        last_modified: group.updated,
        location: None,
        version: Some(Version::new(format_date_time(&group.updated))),
    };
    let Value::Object(map) = resource else {
        unreachable!("a JSON object literal")
    };
    Stored::new(group.id.clone(), meta, Resource::from_map(map))
}

/// What a Group resource asks its metaobject to hold: the display name (kept as sent), the
/// external id and the membership tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupNames {
    /// `displayName`, as sent.
    pub(crate) display_name: String,
    /// `externalId`, when it has a non-empty one.
    pub(crate) external_id: Option<String>,
    /// The membership tag the display name makes.
    pub(crate) tag: String,
}

impl GroupNames {
    /// The metaobject handle of the group (see [`group_handle`]).
    pub(crate) fn handle(&self) -> String {
        group_handle(&self.display_name, &self.tag)
    }

    /// The fields `metaobjectCreate` sets: the display name, and the external id when there
    /// is one.
    pub(crate) fn created_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![(DISPLAY_NAME_FIELD, self.display_name.clone())];
        if let Some(external) = &self.external_id {
            fields.push((EXTERNAL_ID_FIELD, external.clone()));
        }
        fields
    }

    /// The fields `metaobjectUpdate` sets: both, the external id empty when there is none.
    pub(crate) fn updated_fields(&self) -> Vec<(&'static str, String)> {
        vec![
            (DISPLAY_NAME_FIELD, self.display_name.clone()),
            (
                EXTERNAL_ID_FIELD,
                self.external_id.clone().unwrap_or_default(),
            ),
        ]
    }
}

/// The names a Group resource asks for.
///
/// # Errors
///
/// 400 `invalidValue` for a blank `displayName`, or one that makes no tag.
pub(crate) fn group_names(
    config: &MappingConfig,
    resource: &Resource,
) -> Result<GroupNames, ScimError> {
    let display_name = resource
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ScimError::invalid_value("a Group needs a displayName"))?
        .to_owned();
    let tag =
        group_tag(config, &display_name).map_err(|e| ScimError::invalid_value(e.to_string()))?;
    let external_id = resource
        .get("externalId")
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    Ok(GroupNames {
        display_name,
        external_id,
        tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(gid: &str, fields: &[(&str, Option<&str>)]) -> GroupEntry {
        GroupEntry {
            gid: gid.into(),
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
                .collect(),
            created_at: "2026-07-04T23:37:19Z".into(),
            updated_at: "2026-07-05T01:00:00Z".into(),
        }
    }

    #[test]
    fn a_metaobject_reads_as_a_group_and_shows_as_scim_does() {
        let config = MappingConfig::default();
        let group = group_from(
            &config,
            &entry(
                "gid://shopify/Metaobject/5",
                &[("display_name", Some("Sales")), ("external_id", Some(""))],
            ),
        )
        .unwrap();
        assert_eq!(group.id, "5");
        assert_eq!(group.tag.as_deref(), Some("scim-group:Sales"));
        assert_eq!(group.external_id, None);
        let members = [Member::of_customer("gid://shopify/Customer/7", "Ada").unwrap()];
        let stored = group_stored(&group, Some(&members));
        assert_eq!(stored.id(), "5");
        assert_eq!(
            stored.meta.version,
            Some(Version::new("2026-07-05T01:00:00Z"))
        );
        assert_eq!(
            stored.resource.get("members"),
            Some(&json!([{"value": "7", "display": "Ada", "type": "User"}]))
        );
        assert!(group_from(&config, &entry("gid://shopify/Customer/5", &[])).is_err());
    }

    #[test]
    fn a_group_resource_names_its_metaobject_fields() {
        let config = MappingConfig::default();
        let resource = Resource::from_json(json!({"displayName": "Sales"})).unwrap();
        let names = group_names(&config, &resource).unwrap();
        assert_eq!(
            names.created_fields(),
            [(DISPLAY_NAME_FIELD, "Sales".into())]
        );
        assert_eq!(
            names.updated_fields(),
            [
                (DISPLAY_NAME_FIELD, "Sales".into()),
                (EXTERNAL_ID_FIELD, String::new())
            ]
        );
        let blank = Resource::from_json(json!({"displayName": " "})).unwrap();
        assert_eq!(group_names(&config, &blank).unwrap_err().status(), 400);
    }
}
