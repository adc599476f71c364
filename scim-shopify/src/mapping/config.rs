//! How a store maps SCIM attributes onto a customer: [`MappingConfig`] and its rules.

use scim_filter::AttrPath;

use super::error::MappingError;
use super::tags::{has_prefix, sanitize_tag, tag_eq};

/// A customer field the mapping can write; in mapping JSON
/// ([`MappingConfig::from_json`]) it is named as the GraphQL API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CustomerField {
    /// `email`.
    Email,
    /// `firstName`.
    FirstName,
    /// `lastName`.
    LastName,
    /// `phone`.
    Phone,
    /// `locale`.
    Locale,
    /// `note`.
    Note,
}

impl CustomerField {
    /// The field's name in the GraphQL API.
    ///
    /// ```
    /// assert_eq!(scim_shopify::mapping::CustomerField::FirstName.graphql_name(), "firstName");
    /// ```
    pub fn graphql_name(self) -> &'static str {
        match self {
            CustomerField::Email => "email",
            CustomerField::FirstName => "firstName",
            CustomerField::LastName => "lastName",
            CustomerField::Phone => "phone",
            CustomerField::Locale => "locale",
            CustomerField::Note => "note",
        }
    }
}

/// A metafield the mapping owns: `namespace.key` of a type.
///
/// ```
/// use scim_shopify::mapping::MetafieldSpec;
///
/// let spec = MetafieldSpec::new("scim", "external_id", "id");
/// assert_eq!((spec.namespace.as_str(), spec.key.as_str(), spec.kind.as_str()),
///            ("scim", "external_id", "id"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetafieldSpec {
    /// The namespace.
    pub namespace: String,
    /// The key.
    pub key: String,
    /// The metafield type (`id`, `json`, `boolean`, `single_line_text_field`, ...).
    pub kind: String,
}

impl MetafieldSpec {
    /// A metafield spec.
    pub fn new(
        namespace: impl Into<String>,
        key: impl Into<String>,
        kind: impl Into<String>,
    ) -> Self {
        MetafieldSpec {
            namespace: namespace.into(),
            key: key.into(),
            kind: kind.into(),
        }
    }

    /// Whether this spec names the metafield `namespace.key`.
    pub(crate) fn is(&self, namespace: &str, key: &str) -> bool {
        self.namespace == namespace && self.key == key
    }
}

/// A tag made from an attribute's value: literal text around one `{attribute path}`
/// placeholder, such as `dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}`.
///
/// The mapping owns every tag the template can produce (every tag with its prefix and
/// suffix), and removes those that no longer match the user.
///
/// ```
/// use scim_shopify::mapping::TagTemplate;
///
/// let template = TagTemplate::parse(
///     "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}",
/// )?;
/// assert_eq!(template.path().name(), "department");
/// assert_eq!(template.render("Sales"), "dept:Sales");
/// assert!(template.owns("DEPT:marketing"));
/// assert!(!template.owns("vip"));
/// assert!(TagTemplate::parse("no placeholder").is_err());
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagTemplate {
    prefix: String,
    path: AttrPath<'static>,
    suffix: String,
}

impl TagTemplate {
    /// Parses a template with exactly one `{path}` placeholder.
    pub fn parse(template: &str) -> Result<Self, MappingError> {
        let invalid = |reason: &str| MappingError::TagTemplate {
            template: template.to_owned(),
            reason: reason.to_owned(),
        };
        let (prefix, rest) = template
            .split_once('{')
            .ok_or_else(|| invalid("it has no {attribute} placeholder"))?;
        let (path, suffix) = rest
            .split_once('}')
            .ok_or_else(|| invalid("its placeholder is not closed"))?;
        if suffix.contains(['{', '}']) || prefix.contains('}') {
            return Err(invalid("it must have exactly one placeholder"));
        }
        if template.contains(',') {
            return Err(invalid("Shopify tags cannot contain commas"));
        }
        let path = AttrPath::parse(path.trim())
            .map_err(|_| invalid("the placeholder is not an attribute path"))?
            .into_owned();
        Ok(TagTemplate {
            prefix: prefix.to_owned(),
            path,
            suffix: suffix.to_owned(),
        })
    }

    /// The attribute the template reads.
    pub fn path(&self) -> &AttrPath<'static> {
        &self.path
    }

    /// The tag for one value, sanitised to Shopify's tag rules (see [`sanitize_tag`]).
    pub fn render(&self, value: &str) -> String {
        sanitize_tag(&format!("{}{value}{}", self.prefix, self.suffix))
    }

    /// Whether `tag` is one this template could have made (compared case-insensitively).
    pub fn owns(&self, tag: &str) -> bool {
        let tag = tag.trim().to_lowercase();
        let prefix = self.prefix.trim_start().to_lowercase();
        let suffix = self.suffix.trim_end().to_lowercase();
        tag.len() > prefix.len() + suffix.len()
            && tag.starts_with(&prefix)
            && tag.ends_with(&suffix)
    }
}

/// Where a rule puts an attribute's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A customer field; the field is the attribute's source of truth on read.
    Field(CustomerField),
    /// A metafield; it is the attribute's source of truth on read.
    Metafield(MetafieldSpec),
    /// One tag per value; the attribute stays in the JSON metafield too, which is what a
    /// read returns (a tag cannot carry the attribute's structure).
    Tag(TagTemplate),
}

/// One mapping rule: a SCIM attribute path and where its value goes.
///
/// ```
/// use scim_shopify::mapping::{CustomerField, Rule, Target};
///
/// let rule = Rule::new("title", Target::Field(CustomerField::Note))?;
/// assert_eq!(rule.path().as_str(), "title");
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    path: AttrPath<'static>,
    target: Target,
}

impl Rule {
    /// A rule for the attribute at `path` (`title`, `name.givenName`, or URN-qualified).
    pub fn new(path: &str, target: Target) -> Result<Self, MappingError> {
        let path = AttrPath::parse(path)
            .map_err(|_| MappingError::AttrPath(path.to_owned()))?
            .into_owned();
        Ok(Rule { path, target })
    }

    /// A rule that writes a tag per value of the template's attribute.
    pub fn tag(template: TagTemplate) -> Self {
        Rule {
            path: template.path().clone(),
            target: Target::Tag(template),
        }
    }

    /// The attribute.
    pub fn path(&self) -> &AttrPath<'static> {
        &self.path
    }

    /// Where it goes.
    pub fn target(&self) -> &Target {
        &self.target
    }
}

/// A store's mapping between SCIM Users and Shopify customers. The mapping functions
/// assume a configuration that passed [`check`](Self::check).
///
/// The fixed part: `userName` and the primary email go to `email` (`userName` when it is an
/// address, else the primary email; the other is kept in the JSON metafield, and
/// `userName eq` filters become lookups by email); the primary phone number
/// goes to `phone`; `externalId` to an `id` metafield ([`external_id`](Self::external_id));
/// `active: false` to a tag and a metafield; a User deleted while its customer stays (RFC
/// 7644 §3.6 soft delete, see the store's `DeletePolicy`) to another tag
/// ([`deleted_tag`](Self::deleted_tag)); everything else the client sent to a JSON
/// metafield ([`resource`](Self::resource)) so a read gives back what was written. The
/// configurable part is [`rules`](Self::rules), which by default map `name.givenName`,
/// `name.familyName` and `locale` to `firstName`, `lastName` and `locale`.
///
/// ```
/// use scim_shopify::mapping::{MappingConfig, MetafieldSpec, Rule, TagTemplate, Target};
///
/// let mut config = MappingConfig::default();
/// assert_eq!(config.inactive_tag, "scim-inactive");
/// assert_eq!(config.deleted_tag, "scim-deleted");
/// assert_eq!(config.group_tag_prefix, "scim-group:");
/// config.rules.push(Rule::tag(TagTemplate::parse(
///     "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}",
/// )?));
/// config.rules.push(Rule::new(
///     "title",
///     Target::Metafield(MetafieldSpec::new("scim", "title", "single_line_text_field")),
/// )?);
/// config.creation_tags.push("from-okta".into());
/// config.check()?;
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingConfig {
    /// The metafield holding `userName` lowercased ([`user_name_key`](super::user_name_key);
    /// default `scim.user_name`, type `id`, its definition made with unique values by
    /// [`ensure_definitions`](crate::store::ShopifyStore::ensure_definitions)): Shopify
    /// refuses a second customer with the same `userName` in any case (RFC 7643 §4.1.1,
    /// `uniqueness: server`, `caseExact: false`), and `customerByIdentifier` finds the one
    /// that holds it.
    pub user_name: MetafieldSpec,
    /// The metafield holding `externalId` (default `scim.external_id`, type `id`, so
    /// `customerByIdentifier` finds it).
    pub external_id: MetafieldSpec,
    /// The JSON metafield holding every attribute no other target holds (default
    /// `scim.resource`, type `json`).
    pub resource: MetafieldSpec,
    /// The tag that marks `active: false` (default `scim-inactive`).
    pub inactive_tag: String,
    /// The tag that marks a customer whose User was deleted while the customer stays
    /// (default `scim-deleted`): the store answers 404 for it and leaves it out of every
    /// list (RFC 7644 §3.6). It must differ from the inactive tag, the creation tags, the
    /// group tags and every tag a template can make, so no merchant or mapped tag is taken
    /// for it.
    pub deleted_tag: String,
    /// The metafield that marks `active: false` (default `scim.active`, type `boolean`,
    /// value `false`; deleted when the user is active again).
    pub inactive_metafield: MetafieldSpec,
    /// The metafield holding the User's version (default `scim.version`, type
    /// `single_line_text_field`): a token the store writes anew with every change of the
    /// User, on condition that it still holds the one it read (`compareDigest`), so that of
    /// two writes of one version only one is made (RFC 7644 §3.14). The mapping never
    /// writes it; `meta.version` derives from it.
    pub version: MetafieldSpec,
    /// The prefix of group membership tags (default `scim-group:`).
    pub group_tag_prefix: String,
    /// Tags added when a customer is created, and never touched afterwards.
    pub creation_tags: Vec<String>,
    /// The attribute rules, applied in order.
    pub rules: Vec<Rule>,
}

impl Default for MappingConfig {
    fn default() -> Self {
        let field = |path: &str, field| Rule {
            path: AttrPath::parse(path)
                .map(AttrPath::into_owned)
                .unwrap_or_else(|_| unreachable!("a valid built-in path")),
            target: Target::Field(field),
        };
        MappingConfig {
            user_name: MetafieldSpec::new("scim", "user_name", "id"),
            external_id: MetafieldSpec::new("scim", "external_id", "id"),
            resource: MetafieldSpec::new("scim", "resource", "json"),
            inactive_tag: "scim-inactive".into(),
            deleted_tag: "scim-deleted".into(),
            inactive_metafield: MetafieldSpec::new("scim", "active", "boolean"),
            version: MetafieldSpec::new("scim", "version", "single_line_text_field"),
            group_tag_prefix: "scim-group:".into(),
            creation_tags: Vec::new(),
            rules: vec![
                field("name.givenName", CustomerField::FirstName),
                field("name.familyName", CustomerField::LastName),
                field("locale", CustomerField::Locale),
            ],
        }
    }
}

impl MappingConfig {
    /// The metafields the mapping owns, which the store must read with every customer it
    /// hands to [`update_plan`](super::update_plan) and
    /// [`customer_to_user`](super::customer_to_user) (a metafield not read counts as absent).
    ///
    /// ```
    /// use scim_shopify::mapping::MappingConfig;
    ///
    /// let keys: Vec<_> = MappingConfig::default()
    ///     .owned_metafields()
    ///     .map(|m| format!("{}.{}", m.namespace, m.key))
    ///     .collect();
    /// assert_eq!(keys, [
    ///     "scim.user_name", "scim.external_id", "scim.resource", "scim.active", "scim.version",
    /// ]);
    /// ```
    pub fn owned_metafields(&self) -> impl Iterator<Item = &MetafieldSpec> {
        [
            &self.user_name,
            &self.external_id,
            &self.resource,
            &self.inactive_metafield,
            &self.version,
        ]
        .into_iter()
        .chain(self.rules.iter().filter_map(|rule| match &rule.target {
            Target::Metafield(spec) => Some(spec),
            _ => None,
        }))
    }

    /// Checks the configuration: no two targets write the same field or metafield, no rule
    /// writes `email` or `phone` (the fixed part does) or maps an attribute the fixed part
    /// owns, and the tags are valid Shopify tags.
    pub fn check(&self) -> Result<(), MappingError> {
        let mut metafields = vec![
            &self.user_name,
            &self.external_id,
            &self.resource,
            &self.inactive_metafield,
            &self.version,
        ];
        let mut fields = Vec::new();
        for rule in &self.rules {
            let name = rule.path.name();
            if rule
                .path
                .uri()
                .is_none_or(|uri| uri.eq_ignore_ascii_case(scim_filter::USER_SCHEMA))
                && [
                    "id",
                    "externalId",
                    "userName",
                    "emails",
                    "phoneNumbers",
                    "active",
                    "groups",
                    "meta",
                    "schemas",
                    "password",
                ]
                .iter()
                .any(|fixed| fixed.eq_ignore_ascii_case(name))
            {
                return Err(MappingError::Conflict(format!(
                    "the attribute {} is mapped by the fixed part",
                    rule.path.as_str()
                )));
            }
            match &rule.target {
                Target::Field(CustomerField::Email | CustomerField::Phone) => {
                    return Err(MappingError::Conflict(format!(
                        "a rule cannot write {} (the primary email and phone do)",
                        rule.path.as_str()
                    )));
                }
                Target::Field(field) => fields.push(*field),
                Target::Metafield(spec) => metafields.push(spec),
                Target::Tag(_) => {}
            }
        }
        for (i, field) in fields.iter().enumerate() {
            if fields[..i].contains(field) {
                return Err(MappingError::Conflict(format!(
                    "two rules write {}",
                    field.graphql_name()
                )));
            }
        }
        for (i, spec) in metafields.iter().enumerate() {
            if metafields[..i]
                .iter()
                .any(|m| m.is(&spec.namespace, &spec.key))
            {
                return Err(MappingError::Conflict(format!(
                    "two targets write the metafield {}.{}",
                    spec.namespace, spec.key
                )));
            }
        }
        for tag in [&self.inactive_tag, &self.deleted_tag]
            .into_iter()
            .chain(&self.creation_tags)
        {
            if sanitize_tag(tag) != *tag || tag.is_empty() {
                return Err(MappingError::Conflict(format!(
                    "{tag:?} is not a valid Shopify tag"
                )));
            }
        }
        if self.group_tag_prefix.contains(',') || self.group_tag_prefix.trim().is_empty() {
            return Err(MappingError::Conflict(
                "the group tag prefix must be non-empty and have no commas".into(),
            ));
        }
        let deleted = &self.deleted_tag;
        let same = |tag: &String| tag_eq(tag, deleted);
        if same(&self.inactive_tag)
            || self.creation_tags.iter().any(same)
            || has_prefix(&self.group_tag_prefix, deleted)
            || self.rules.iter().any(|rule| match &rule.target {
                Target::Tag(template) => template.owns(deleted),
                _ => false,
            })
        {
            return Err(MappingError::Conflict(format!(
                "the deleted tag {deleted:?} must differ from the inactive, creation, group \
                 and template tags"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_valid() {
        MappingConfig::default().check().unwrap();
    }

    #[test]
    fn conflicts_are_refused() {
        let mut config = MappingConfig::default();
        config
            .rules
            .push(Rule::new("title", Target::Field(CustomerField::FirstName)).unwrap());
        assert!(config.check().is_err());

        let mut config = MappingConfig::default();
        config.rules.push(
            Rule::new(
                "title",
                Target::Metafield(MetafieldSpec::new("scim", "resource", "json")),
            )
            .unwrap(),
        );
        assert!(config.check().is_err());

        let mut config = MappingConfig::default();
        config
            .rules
            .push(Rule::new("userName", Target::Field(CustomerField::Note)).unwrap());
        assert!(config.check().is_err());

        let mut config = MappingConfig::default();
        config.creation_tags.push("a,b".into());
        assert!(config.check().is_err());

        // The deleted tag is a valid tag of its own.
        for deleted in ["", "a,b", "SCIM-inactive", "scim-group:gone", "from-okta"] {
            let mut config = MappingConfig::default();
            config.creation_tags.push("from-okta".into());
            config.deleted_tag = deleted.into();
            assert!(config.check().is_err(), "{deleted:?}");
        }
        let mut config = MappingConfig::default();
        config
            .rules
            .push(Rule::tag(TagTemplate::parse("scim-{title}").unwrap()));
        assert!(config.check().is_err());
    }

    #[test]
    fn templates_need_one_placeholder() {
        assert!(TagTemplate::parse("a{title}b{title}").is_err());
        assert!(TagTemplate::parse("a{title").is_err());
        assert!(TagTemplate::parse("a,{title}").is_err());
        assert!(TagTemplate::parse("{not a path}").is_err());
        let template = TagTemplate::parse("{title}-x").unwrap();
        assert!(template.owns("boss-x"));
        assert!(!template.owns("-x"));
    }
}
