//! Resource metadata and versions (RFC 7643 §3.1 `meta`, RFC 7644 §3.14 ETags).

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// A resource version, as `meta.version` and the `ETag` header carry it: a weak entity tag
/// (RFC 7232 §2.3) around an opaque value.
///
/// ```
/// use scim_core::resource::Version;
///
/// let version = Version::new("3694e05e9dff591");
/// assert_eq!(version.to_string(), r#"W/"3694e05e9dff591""#);
/// assert!(version.matches_header(r#"W/"3694e05e9dff591""#));
/// assert!(version.matches_header(r#""3694e05e9dff591", W/"other""#));
/// assert!(version.matches_header("*"));
/// assert!(!version.matches_header(r#"W/"stale""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version(String);

impl Version {
    /// A version from its opaque value (without quotes or `W/`). Quotes are not allowed in
    /// an entity tag (RFC 7232 §2.3) and are dropped.
    pub fn new(opaque: impl Into<String>) -> Self {
        let mut opaque = opaque.into();
        opaque.retain(|c| c != '"');
        Version(opaque)
    }

    /// A version from `meta.version` or a header: `W/"x"`, `"x"`, or a bare value.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let text = text.strip_prefix("W/").unwrap_or(text);
        Version::new(text.trim_matches('"'))
    }

    /// The opaque value.
    pub fn opaque(&self) -> &str {
        &self.0
    }

    /// Whether an `If-Match` / `If-None-Match` header value names this version: `*`, or a
    /// comma-separated list of entity tags compared weakly (RFC 7232 §2.3.2).
    pub fn matches_header(&self, header: &str) -> bool {
        let header = header.trim();
        header == "*" || header.split(',').any(|tag| Version::parse(tag) == *self)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "W/\"{}\"", self.0)
    }
}

/// A resource's `meta` (RFC 7643 §3.1): all read-only, all set by the service provider.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use scim_core::resource::{Meta, Version};
///
/// let created = Utc.with_ymd_and_hms(2010, 1, 23, 4, 56, 22).unwrap();
/// let meta = Meta {
///     resource_type: "User".into(),
///     created,
///     last_modified: created,
///     location: Some("https://example.com/v2/Users/2819c223".into()),
///     version: Some(Version::new("a330bc54f0671c9")),
/// };
/// let json = meta.to_json();
/// assert_eq!(json["created"], "2010-01-23T04:56:22Z");
/// assert_eq!(json["version"], r#"W/"a330bc54f0671c9""#);
/// assert_eq!(Meta::from_json(&json), Some(meta));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The resource type's name (`User`).
    pub resource_type: String,
    /// When the resource was created.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub last_modified: DateTime<Utc>,
    /// Its URI, if the service knows its own base URL.
    pub location: Option<String>,
    /// Its version.
    pub version: Option<Version>,
}

impl Meta {
    /// The `meta` object.
    pub fn to_json(&self) -> Value {
        let mut meta = Map::new();
        meta.insert("resourceType".into(), json!(self.resource_type));
        meta.insert("created".into(), json!(format_date_time(&self.created)));
        meta.insert(
            "lastModified".into(),
            json!(format_date_time(&self.last_modified)),
        );
        if let Some(location) = &self.location {
            meta.insert("location".into(), json!(location));
        }
        if let Some(version) = &self.version {
            meta.insert("version".into(), json!(version.to_string()));
        }
        Value::Object(meta)
    }

    /// Reads a `meta` object; `None` if it lacks `resourceType`, `created` or `lastModified`.
    pub fn from_json(meta: &Value) -> Option<Meta> {
        let text = |key: &str| meta.get(key).and_then(Value::as_str);
        let instant = |key: &str| text(key).and_then(parse_date_time);
        Some(Meta {
            resource_type: text("resourceType")?.to_owned(),
            created: instant("created")?,
            last_modified: instant("lastModified")?,
            location: text("location").map(str::to_owned),
            version: text("version").map(Version::parse),
        })
    }
}

/// An xsd:dateTime as SCIM writes it (RFC 7643 §2.3.5), in UTC, with fractional seconds only
/// when there are any.
pub fn format_date_time(instant: &DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// An xsd:dateTime (RFC 7643 §2.3.5).
pub fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
